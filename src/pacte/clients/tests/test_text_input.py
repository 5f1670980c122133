"""Issue 10, item 5: a name with NUL or escape codes is refused on every face, and
`pacte clients list` never prints one raw, even from a row stored before the rule."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient

from pacte.clients.models import Client
from pacte.kernel.validation import TEXT_MAX_LENGTH

from .helpers import browser, counts

RED = "Nord \x1b[31mrouge\x1b[0m"


def _api(world):
    return HttpClient(
        headers={"Authorization": f"Bearer {world.token('owner')}", "Accept-Language": "en"}
    )


@pytest.mark.parametrize("name", ["Nord\x00Sud", RED, "Nord\u202eduS"], ids=repr)
def test_the_api_refuses_control_characters_in_a_name(world, name):
    """Issue 10, item 5: 400 JSON {code, detail}, and no client."""
    _api(world)  # the token, made before counting
    before = counts()
    response = _api(world).post("/api/v1/clients", {"name": name}, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "invalid" and body["detail"].startswith("name:")
    assert counts() == before


def test_the_api_bounds_and_keeps_notes(world):
    """Issue 10, item 5: 20,001 characters are refused with 400, a note on several lines is
    kept as written."""
    http = _api(world)
    url = f"/api/v1/clients/{world.client.pk}"
    too_long = http.patch(url, {"notes": "n" * (TEXT_MAX_LENGTH + 1)}, "application/json")
    assert too_long.status_code == 400 and too_long.json()["code"] == "invalid"
    notes = "Ligne 1\nLigne 2\n\tLigne 3"
    assert http.patch(url, {"notes": notes}, "application/json").status_code == 200
    assert Client.objects.in_workspace(world.workspace).get(pk=world.client.pk).notes == notes


def test_the_web_form_refuses_an_escape_code_on_the_field(world):
    """Issue 10, item 5: the web face reaches the same rule."""
    before = counts()
    response = browser(world).post("/clients/new/", {"name": RED, "language": "fr"})
    assert response.status_code == 200
    assert "control character" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("format", ["table", "csv", "json"])
def test_the_cli_never_prints_a_raw_escape_code(world, format):
    """Issue 10, item 5: a name stored raw before the rule (the queryset update bypasses the
    validation) is printed escaped, in every format; the JSON still says the exact name."""
    Client.objects.in_workspace(world.workspace).filter(pk=world.client.pk).update(name=RED)
    out = io.StringIO()
    call_command("clients", "list", "--workspace", "Atelier Nord", "--format", format, stdout=out)
    printed = out.getvalue()
    assert "\x1b" not in printed
    if format == "json":
        assert RED in [row["name"] for row in json.loads(printed)]
    else:
        assert "Nord \\x1b[31mrouge\\x1b[0m" in printed
