"""The import's faces: the upload page (with its documented columns and templates), the API
and `pacte import-csv`, each as every kind of actor."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient

from pacte.clients.models import Client
from pacte.kernel.models import LedgerEntry
from pacte.testing import ACTOR_KINDS, ANY_MEMBER, check_page_as_each_actor

pytestmark = pytest.mark.django_db

GOOD = b"name;city\r\nMenuiserie Delta;Lyon\r\nPharmacie Epsilon;Nice\r\n"
BAD = b"name,city\nMenuiserie Delta,Lyon\nBoulangerie Alpha,Paris\n"
OWNERS_AND_MANAGERS = {**ANY_MEMBER, "consultant": 403, "viewer": 403}


def signed_in(world, kind="owner", language="en"):
    http = HttpClient(headers={"Accept-Language": language})
    http.force_login(world.users[kind])
    return http


def clients_of(workspace):
    return Client.objects.in_workspace(workspace)


def upload(content=GOOD, name="clients.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


# --- The page ---------------------------------------------------------------------------------


def test_every_actor_on_the_page_and_the_templates(world):
    responses = check_page_as_each_actor(world, "/import/", OWNERS_AND_MANAGERS)
    html = responses["manager"].content.decode()
    for kind in ("clients", "contacts", "invoices"):
        assert f'id="columns-{kind}"' in html and f"/import/template/{kind}.csv" in html
    check_page_as_each_actor(world, "/import/template/invoices.csv", OWNERS_AND_MANAGERS)
    assert signed_in(world).get("/import/template/payments.csv").status_code == 404


def test_a_post_as_every_actor(world):
    """Only owners and managers import; the other workspace's owner imports into theirs."""
    expected = {**OWNERS_AND_MANAGERS, "owner": 302, "manager": 400, "other_workspace": 302}
    wrong = []
    for kind in ACTOR_KINDS:
        http = HttpClient()
        if kind != "anonymous":
            http.force_login(world.users[kind])
        response = http.post("/import/", {"kind": "clients", "file": upload(), "action": "import"})
        if response.status_code != expected[kind]:
            wrong.append(f"{kind}: {response.status_code}")
    assert not wrong
    # The owner imported them; the manager's same file then names both lines as duplicates.
    assert clients_of(world.workspace).filter(name="Menuiserie Delta").count() == 1
    assert clients_of(world.other_workspace).filter(name="Menuiserie Delta").count() == 1


def test_the_template_downloads_in_the_readers_separator(world):
    english = signed_in(world).get("/import/template/clients.csv")
    assert english["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="pacte-clients.csv"' in english["Content-Disposition"]
    text = english.content.decode("utf-8")
    assert text.startswith("\ufeffname,city,confidentiality,")
    assert len(text.strip().splitlines()) == 2
    french = signed_in(world, language="fr").get("/import/template/clients.csv")
    assert french.content.decode("utf-8").startswith("\ufeffname;city;confidentiality;")


def test_check_then_import_on_the_page(world, django_assert_max_num_queries):
    http = signed_in(world, "manager")
    before = LedgerEntry.objects.in_workspace(world.workspace).count()
    page = http.post("/import/", {"kind": "clients", "file": upload(), "action": "check"})
    assert page.status_code == 200
    assert b'id="import-ok"' in page.content and b"2 lines would be imported" in page.content
    assert not clients_of(world.workspace).filter(name="Menuiserie Delta").exists()
    assert LedgerEntry.objects.in_workspace(world.workspace).count() == before
    done = http.post(
        "/import/", {"kind": "clients", "file": upload(), "action": "import"}, follow=True
    )
    assert b"2 clients imported." in done.content
    assert (
        clients_of(world.workspace)
        .filter(name__in=["Menuiserie Delta", "Pharmacie Epsilon"])
        .count()
        == 2
    )


def test_the_page_lists_every_refused_line_and_saves_nothing(world):
    http = signed_in(world)
    page = http.post("/import/", {"kind": "clients", "file": upload(BAD), "action": "import"})
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="import-errors"' in html and '<td class="nowrap">3</td>' in html
    assert "Boulangerie Alpha" in html
    assert not clients_of(world.workspace).filter(name="Menuiserie Delta").exists()


def test_a_file_refused_whole_is_said_beside_the_file(world):
    page = signed_in(world).post(
        "/import/", {"kind": "clients", "file": upload(b"nom,ville\nA,B\n"), "action": "check"}
    )
    assert page.status_code == 400
    assert "Unknown column(s): nom, ville" in page.context["form"].errors["file"][0]


def test_the_dashboard_shows_the_way_in_to_those_who_may_import(world):
    assert b'id="csv-import-link"' in signed_in(world, "manager").get("/dashboard/").content
    assert b'id="csv-import-link"' not in signed_in(world, "consultant").get("/dashboard/").content


# --- The API ---------------------------------------------------------------------------------


def api_post(world, kind, data):
    return HttpClient().post(
        "/api/v1/imports/csv",
        data,
        headers={"Authorization": f"Bearer {world.token(kind)}", "Accept-Language": "en"},
    )


def test_every_actor_on_the_endpoint(world):
    expected = {
        "owner": 200,
        "manager": 200,
        "consultant": 403,
        "viewer": 403,
        "portal": 403,
        "portal_other_client": 403,
        "other_workspace": 200,
    }
    wrong = []
    for kind, status in expected.items():
        response = api_post(world, kind, {"kind": "clients", "file": upload(), "dry_run": "true"})
        if response.status_code != status:
            wrong.append(f"{kind}: {response.status_code} {response.content[:200]!r}")
    anonymous = HttpClient().post("/api/v1/imports/csv", {"kind": "clients", "file": upload()})
    assert anonymous.status_code == 401
    assert not wrong
    assert not clients_of(world.workspace).filter(name="Menuiserie Delta").exists()


def test_the_api_imports_and_reports_refused_lines(world):
    response = api_post(world, "owner", {"kind": "clients", "file": upload()})
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["written"], body["dry_run"]) == (2, True, False)
    assert len(body["sha256"]) == 64
    refused = api_post(world, "owner", {"kind": "clients", "file": upload(BAD)})
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "import_refused"
    assert [(line["line"], line["column"]) for line in body["lines"]] == [(2, "name"), (3, "name")]
    whole = api_post(world, "owner", {"kind": "clients", "file": upload(b"city\nLyon\n")})
    assert whole.status_code == 400 and set(json.loads(whole.content)["fields"]) == {"file"}


# --- The command line ------------------------------------------------------------------------


def test_the_command_imports_checks_and_exits_2_on_refused_lines(world, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(GOOD)
    bad.write_bytes(BAD)
    out = io.StringIO()
    call_command(
        "import-csv", "clients", str(good), "--dry-run", "--workspace", "Atelier Nord", stdout=out
    )
    assert "2 clients would be imported" in out.getvalue()
    assert not clients_of(world.workspace).filter(name="Menuiserie Delta").exists()
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import-csv", "clients", str(bad), "--workspace", "Atelier Nord", stderr=err)
    assert refused.value.returncode == 2
    assert "bad.csv:3 [name]" in err.getvalue()
    assert not clients_of(world.workspace).filter(name="Menuiserie Delta").exists()
    out = io.StringIO()
    call_command("import-csv", "clients", str(good), "--workspace", "Atelier Nord", stdout=out)
    assert "2 clients imported" in out.getvalue()
    assert clients_of(world.workspace).filter(name="Menuiserie Delta").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["clients", "missing.csv", "--workspace", "Atelier Nord"],
        ["clients", "{bad_columns}", "--workspace", "Atelier Nord"],
        ["clients", "{bad_columns}", "--workspace", "Nowhere"],
        ["clients", "{bad_columns}"],  # two workspaces: which one?
    ],
)
def test_the_command_refuses_in_one_line(world, tmp_path, args):
    bad_columns = tmp_path / "columns.csv"
    bad_columns.write_bytes(b"nom\nA\n")
    args = [a.replace("{bad_columns}", str(bad_columns)) for a in args]
    with pytest.raises(CommandError) as refused:
        call_command("import-csv", *args)
    assert refused.value.returncode == 2
    assert "\n" not in str(refused.value)
