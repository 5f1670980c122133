"""The handoff dossier (DOMAIN §6): a printable page and a zip of open formats, built from
the handoff plan, the asset registry, the action log and the decisions still open."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from pacte.assets.services import action_log, asset_create
from pacte.assets.tests.office import csv_rows, ods_cells, xlsx_rows
from pacte.billing.services import invoice_create, payment_record
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.selectors import engagement_get
from pacte.engagements.services import (
    engagement_activate,
    engagement_create,
)
from pacte.handoff.dossier import dossier_zip
from pacte.handoff.models import HandoffPlan
from pacte.handoff.services import (
    engagement_start_closing,
    handoff_call_held,
    handoff_plan_build,
)
from pacte.kernel.errors import NotFound
from pacte.testing import MEMBERS_ONLY, check_page_as_each_actor

pytestmark = pytest.mark.django_db

MEMBERS = [
    "README.txt",
    "asset-sheet.csv",
    "asset-sheet.xlsx",
    "asset-sheet.ods",
    "action-log.csv",
    "action-log.xlsx",
    "action-log.ods",
    "open-decisions.csv",
    "handoff-plan.csv",
    "handoff-summary.csv",
    "settlement.csv",
]


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def browser(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def active_engagement(world, client, title="Refonte du site"):
    """An engagement started the right way: deposit invoiced and paid, then activated."""
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=client.pk, title=title, value="10000.00", deposit_percent=30
    )
    invoice = invoice_create(
        actor=owner,
        engagement_id=engagement.pk,
        kind="deposit",
        amount="3000.00",
        due_on=timezone.localdate(),
    )
    payment_record(
        actor=owner, invoice_id=invoice.pk, amount="3000.00", paid_on=timezone.localdate()
    )
    return engagement_activate(actor=owner, engagement_id=engagement.pk)


def register_assets(world, client, n=3):
    """`n` assets: a domain held by us, hosting without the client's admin access, an
    email alias, then more domains."""
    owner = world.actor("owner")
    specs = [
        {
            "kind": "domain",
            "identifier": "boulangerie-alpha.fr",
            "vendor": "Gandi",
            "legal_owner": "us",
            "payer": "us",
            "we_have_admin": True,
            "renewal_date": timezone.localdate() + dt.timedelta(days=90),
            "notice_days": 30,
            "cost": "15.00",
        },
        {"kind": "hosting", "identifier": "VPS Crème", "vendor": "OVH", "we_have_admin": True},
        {
            "kind": "email_alias",
            "identifier": "agence@boulangerie-alpha.fr",
            "client_has_admin": True,
        },
    ]
    specs += [
        {"kind": "domain", "identifier": f"site-{i}.fr", "client_has_admin": True}
        for i in range(n - len(specs))
    ]
    assets = [asset_create(actor=owner, client_id=client.pk, **spec) for spec in specs[:n]]
    for asset in assets:
        action_log(
            actor=owner,
            client_id=client.pk,
            asset_id=asset.pk,
            what=f"Vérification de {asset.identifier}",
            why="Préparer la passation",
            result="Accès à jour",
        )
    return assets


@pytest.fixture
def closing(world):
    """An engagement moving to closing: its handoff plan built from the registry."""
    owner = world.actor("owner")
    engagement = active_engagement(world, world.client)
    register_assets(world, world.client)
    open_one = recommendation_create(
        actor=owner,
        engagement_id=engagement.pk,
        title="Passer le site en HTTPS partout",
        rationale="Les navigateurs signalent le site comme non sécurisé",
        risk_if_not_followed="Perte de confiance, baisse du référencement",
    )
    deferred = recommendation_create(
        actor=owner, engagement_id=engagement.pk, title="Sauvegardes hors site"
    )
    recommendation_decide(
        actor=owner, recommendation_id=deferred.pk, decision="deferred", decided_by="Anne"
    )
    accepted = recommendation_create(
        actor=owner, engagement_id=engagement.pk, title="Changer de thème"
    )
    recommendation_decide(
        actor=owner, recommendation_id=accepted.pk, decision="accepted", decided_by="Anne"
    )
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    engagement.refresh_from_db()
    plan = HandoffPlan.objects.in_workspace(world.workspace).get(engagement=engagement)
    return {"engagement": engagement, "plan": plan, "open": open_one}


def download(world, engagement, kind="owner") -> zipfile.ZipFile:
    response = browser(world, kind).get(f"/engagements/{engagement.pk}/handoff/dossier.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="boulangerie-alpha-handoff-dossier-{today}.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    return archive


def test_the_zip_holds_every_document_of_the_dossier(world, closing):
    archive = download(world, closing["engagement"])
    assert archive.namelist() == MEMBERS
    readme = archive.read("README.txt").decode("utf-8")
    assert "FRANÇAIS" in readme and "ENGLISH" in readme
    assert "Boulangerie Alpha" in readme and "Refonte du site" in readme


def test_the_plan_csv_lists_every_step(world, closing):
    archive = download(world, closing["engagement"])
    rows = csv_rows(archive.read("handoff-plan.csv"))
    assert rows[0] == ["Asset", "Step", "Who does it", "Due on", "Status", "Done on", "Notes"]
    steps = {(row[0], row[1]) for row in rows[1:]}
    steps_in_db = closing["plan"].steps.count()
    assert len(rows) - 1 == steps_in_db
    assert ("Domain name boulangerie-alpha.fr", "Transfer ownership to the client") in steps
    assert ("Domain name boulangerie-alpha.fr", "Revoke our access") in steps
    assert ("Hosting VPS Crème", "Give the client admin access") in steps
    assert ("Email alias agence@boulangerie-alpha.fr", "Cut or redirect the email alias") in steps
    due = {row[3] for row in rows[1:]}
    assert closing["plan"].call_due_on.isoformat() in due
    assert {row[4] for row in rows[1:]} == {"To do"}


def test_the_summary_gives_the_call_due_date_and_the_sla(world, closing):
    plan = closing["plan"]
    handoff_call_held(actor=world.actor("owner"), plan_id=plan.pk)
    rows = csv_rows(download(world, closing["engagement"]).read("handoff-summary.csv"))
    assert rows[0][:6] == [
        "Client",
        "Engagement",
        "Handoff requested on",
        "Handover call within (working days)",
        "Handover call due by",
        "Handover call held on",
    ]
    assert rows[1][:6] == [
        "Boulangerie Alpha",
        "Refonte du site",
        plan.requested_on.isoformat(),
        str(plan.sla_working_days),
        plan.call_due_on.isoformat(),
        timezone.localdate().isoformat(),
    ]
    assert rows[1][6] == "held on time"
    assert rows[1][7] == rows[1][8] == str(plan.steps.count())


def test_open_decisions_are_the_open_and_deferred_ones(world, closing):
    rows = csv_rows(download(world, closing["engagement"]).read("open-decisions.csv"))
    assert rows[0] == ["Recommendation", "Made on", "Why", "Risk if not followed", "Status"]
    by_title = {row[0]: row for row in rows[1:]}
    assert set(by_title) == {"Passer le site en HTTPS partout", "Sauvegardes hors site"}
    https = by_title["Passer le site en HTTPS partout"]
    assert https[1] == closing["open"].made_on.isoformat()
    assert https[2:] == [
        "Les navigateurs signalent le site comme non sécurisé",
        "Perte de confiance, baisse du référencement",
        "Awaiting the client's decision",
    ]
    assert by_title["Sauvegardes hors site"][4] == "Deferred"


def test_the_spreadsheets_of_the_zip_read_back(world, closing):
    archive = download(world, closing["engagement"])
    assets_csv = csv_rows(archive.read("asset-sheet.csv"))
    assert len(assets_csv) == 4 and assets_csv[0][0] == "Kind"
    assets_xlsx = xlsx_rows(archive.read("asset-sheet.xlsx"))
    domain = next(row for row in assets_xlsx if row[1] == "boulangerie-alpha.fr")
    assert isinstance(domain[10], dt.datetime) and domain[15] == 15
    assets_ods = ods_cells(archive.read("asset-sheet.ods"))
    domain = next(row for row in assets_ods if row[1] == ("string", "boulangerie-alpha.fr"))
    assert domain[10][0] == "date" and domain[15][0] == "float"

    log_csv = csv_rows(archive.read("action-log.csv"))
    assert len(log_csv) == 4
    assert {row[4] for row in log_csv[1:]} == {
        "Vérification de boulangerie-alpha.fr",
        "Vérification de VPS Crème",
        "Vérification de agence@boulangerie-alpha.fr",
    }
    log_xlsx = xlsx_rows(archive.read("action-log.xlsx"))
    assert log_xlsx[0][0] == "Date" and isinstance(log_xlsx[1][0], dt.datetime)
    log_ods = ods_cells(archive.read("action-log.ods"))
    assert log_ods[1][0] == ("date", timezone.localdate())
    assert log_ods[1][5] == ("string", "Préparer la passation")


def test_the_zip_holds_only_what_the_actor_may_see(world, closing):
    """The dossier is read through the actor's scope: another workspace gets nothing."""
    foreign = world.actor("other_workspace")
    with pytest.raises(NotFound):
        engagement_get(actor=foreign, engagement_id=closing["engagement"].pk)
    # Even handed our engagement, a foreign actor's reads come back empty.
    content = dossier_zip(actor=foreign, engagement=closing["engagement"])
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert len(csv_rows(archive.read("asset-sheet.csv"))) == 1
    assert len(csv_rows(archive.read("handoff-plan.csv"))) == 1
    assert len(csv_rows(archive.read("action-log.csv"))) == 1


@pytest.mark.parametrize("suffix", ["dossier/", "dossier.zip"])
def test_dossier_pages_as_each_actor(world, closing, suffix):
    url = f"/engagements/{closing['engagement'].pk}/handoff/{suffix}"
    check_page_as_each_actor(world, url, MEMBERS_ONLY)


def test_the_printable_page_shows_the_plan_and_a_signature_line(world, closing):
    html = browser(world).get(f"/engagements/{closing['engagement'].pk}/handoff/dossier/")
    html = html.content.decode()
    # Printed through the stylesheet's print rules; nothing inline (a strict CSP forbids it).
    assert "<style" not in html and "onclick" not in html and "data-print" in html
    assert "Handoff dossier" in html and "Boulangerie Alpha" in html
    for step in closing["plan"].steps.all():
        assert f'id="step-{step.pk}"' in html
    assert "Transfer ownership to the client" in html and "Revoke our access" in html
    assert "Client&#x27;s signature" in html or "Client's signature" in html
    assert "Passer le site en HTTPS partout" in html and "Changer de thème" not in html
    assert "Vérification de VPS Crème" in html
    assert "boulangerie-alpha.fr" in html
    assert 'id="sla-late"' not in html
    assert f'href="/engagements/{closing["engagement"].pk}/handoff/dossier.zip"' in html


def test_the_page_flags_a_handover_call_not_held_by_its_due_date(world):
    owner = world.actor("owner")
    engagement = active_engagement(world, world.client)
    register_assets(world, world.client)
    handoff_plan_build(
        actor=owner,
        engagement=engagement,
        requested_on=timezone.localdate() - dt.timedelta(days=30),
    )
    html = browser(world).get(f"/engagements/{engagement.pk}/handoff/dossier/").content.decode()
    assert 'id="sla-late"' in html
    rows = csv_rows(download(world, engagement).read("handoff-summary.csv"))
    assert rows[1][6] == "late: not held by the due date"


def test_without_a_plan_the_dossier_says_so(world):
    engagement = active_engagement(world, world.client)
    register_assets(world, world.client)
    response = browser(world).get(f"/engagements/{engagement.pk}/handoff/dossier/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="no-plan"' in html and "No handoff plan yet" in html
    assert "boulangerie-alpha.fr" in html  # the asset sheet is still there
    archive = download(world, engagement)
    assert len(csv_rows(archive.read("handoff-plan.csv"))) == 1
    assert csv_rows(archive.read("handoff-summary.csv"))[1][6] == "no handoff plan yet"


def count_queries(http, url):
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


def test_the_printable_page_costs_the_same_queries_for_1_or_10_assets(world):
    owner = world.actor("owner")
    small, large = world.client, world.other_client
    engagements = {}
    for client, n in ((small, 1), (large, 10)):
        engagement = active_engagement(world, client)
        register_assets(world, client, n=n)
        recommendation_create(actor=owner, engagement_id=engagement.pk, title=f"Conseil {n}")
        engagement_start_closing(actor=owner, engagement_id=engagement.pk)
        engagements[n] = engagement
    http = browser(world)
    one = count_queries(http, f"/engagements/{engagements[1].pk}/handoff/dossier/")
    ten = count_queries(http, f"/engagements/{engagements[10].pk}/handoff/dossier/")
    assert one == ten, (one, ten)
    assert one <= 15, one
    zip_one = count_queries(http, f"/engagements/{engagements[1].pk}/handoff/dossier.zip")
    zip_ten = count_queries(http, f"/engagements/{engagements[10].pk}/handoff/dossier.zip")
    assert zip_one == zip_ten


def test_the_dossier_carries_the_final_settlement(world, closing):
    """Deposit 3,000.00 paid on 10,000.00 (30 %), nothing else invoiced, closing: invoiced
    3,000, paid 3,000, fixed price (time not valued), no change: balance 0."""
    engagement = closing["engagement"]
    html = browser(world).get(f"/engagements/{engagement.pk}/handoff/dossier/").content.decode()
    assert 'id="dossier-settlement"' in html and "Final settlement" in html
    assert "Settled: nothing is due either way." in html and "Balance = invoiced" in html
    rows = csv_rows(download(world, engagement).read("settlement.csv"))
    figures = {row[0]: (row[1], row[2]) for row in rows[1:]}
    assert figures["Invoiced"] == ("3000.00", "EUR") and figures["Paid"] == ("3000.00", "EUR")
    assert figures["of which deposit held"] == ("3000.00", "EUR")
    assert figures["Balance"] == ("0.00", "EUR")
