"""Expiry flagged (one selector for the page, the dashboard and the reminders) and the
reference list's export, whose guard sits in the service (R-CONSENT)."""

import csv
import io

import pytest
from django.core.management import call_command

from pacte.clients.services import client_update
from pacte.consents import services
from pacte.consents.selectors import (
    ReferenceRow,
    expiring_consents,
    publication_dependents,
    reference_list,
    register_publication_dependent,
)
from pacte.consents.services import reference_list_export
from pacte.kernel.errors import PermissionDenied
from pacte.kernel.models import LedgerEntry

from .helpers import days, grant, level, refuse, revoke, today

pytestmark = pytest.mark.django_db


def flagged(world):
    return [
        (e.consent.client.name, e.consent.scope, e.days_left)
        for e in expiring_consents(actor=world.actor("viewer"), on=today())
    ]


def test_consents_running_out_within_30_days_are_flagged(world):
    grant(world, "testimonial", until=days(30))
    grant(world, "figures", until=days(31))
    grant(world, "logo")  # no end
    assert flagged(world) == [("Boulangerie Alpha", "testimonial", 30)]


def test_an_expired_consent_is_flagged_only_while_a_publication_depends_on_it(world):
    grant(world, "reference", on=days(-100), until=days(-3))
    grant(world, "testimonial", on=days(-100), until=days(-3))
    # Anonymised: the reference list does not name the client, nothing depends on it.
    assert flagged(world) == []
    level(world, "named")
    assert flagged(world) == [("Boulangerie Alpha", "reference", -3)]


def test_a_registered_publication_keeps_an_expired_consent_flagged(world):
    grant(world, "testimonial", on=days(-100), until=days(-3))
    key = ("tests-publication",)
    register_publication_dependent(
        "tests-publication", lambda actor, ids: {(i, "testimonial") for i in ids}
    )
    try:
        assert flagged(world) == [("Boulangerie Alpha", "testimonial", -3)]
    finally:
        publication_dependents._entries.pop(key)


def test_superseded_or_revoked_consents_are_not_flagged(world):
    level(world, "named")
    grant(world, "reference", on=days(-20), until=days(10))
    refuse(world, "reference", on=days(-2))
    c = grant(world, "logo", on=days(-20), until=days(10))
    revoke(world, c, on=days(-1))
    assert flagged(world) == []


# --- The reference list ------------------------------------------------------------------------


def names(world, on=None):
    return [r.client.name for r in reference_list(actor=world.actor("owner"), on=on or today())]


def test_only_named_clients_with_a_reference_consent_in_force_are_listed(world):
    level(world, "named")
    level(world, "named", client=world.other_client)
    grant(world, "reference")
    grant(world, "logo")
    grant(world, "logo", client=world.other_client)  # a logo without a reference: not listed
    rows = reference_list(actor=world.actor("owner"), on=today())
    assert [(r.client.name, r.logo) for r in rows] == [("Boulangerie Alpha", True)]


@pytest.mark.parametrize("value", ["anonymised", "confidential"])
def test_the_export_never_names_an_anonymised_or_confidential_client(world, value):
    level(world, value)
    grant(world, "reference")
    grant(world, "logo")
    text, _type, _name = reference_list_export(actor=world.actor("owner"), format="csv")
    assert "Boulangerie Alpha" not in text
    html, _type, _name = reference_list_export(actor=world.actor("owner"), format="html")
    assert "Boulangerie Alpha" not in html


def test_the_export_guard_holds_even_when_the_selector_lets_a_client_through(world, monkeypatch):
    """The guard sits in the service: a selector that forgot the level leaks nothing."""

    level(world, "confidential")
    c = grant(world, "reference")
    leaky = [ReferenceRow(client=world.client, reference=c, logo=False, logo_consent=None)]
    monkeypatch.setattr(services, "reference_list", lambda **kw: leaky)
    text, _type, _name = reference_list_export(actor=world.actor("owner"), format="csv")
    assert "Boulangerie Alpha" not in text


def test_an_expired_or_refused_reference_drops_the_client(world):
    level(world, "named")
    grant(world, "reference", on=days(-100), until=days(-1))
    assert names(world) == []
    assert names(world, on=days(-2)) == ["Boulangerie Alpha"]
    grant(world, "reference", on=days(-1))
    assert names(world) == ["Boulangerie Alpha"]
    refuse(world, "reference", on=today())
    assert names(world) == []


def test_csv_and_html_content_and_the_journal(world):
    level(world, "named")
    grant(world, "reference", until=days(300))
    grant(world, "logo")
    level(world, "named", client=world.other_client)
    grant(world, "reference", client=world.other_client)
    text, content_type, filename = reference_list_export(actor=world.actor("manager"), format="csv")
    assert content_type.startswith("text/csv") and filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["name", "city", "logo", "logo_file", "reference_until"],
        ["Boulangerie Alpha", "", "yes", "", days(300).isoformat()],
        ["Garage Beta", "", "no", "", ""],
    ]
    html, content_type, _name = reference_list_export(actor=world.actor("manager"), format="html")
    assert content_type.startswith("text/html")
    assert "<strong>Boulangerie Alpha</strong>" in html and "Garage Beta" in html
    entry = LedgerEntry.objects.filter(
        workspace=world.workspace, action="references.exported"
    ).last()
    assert entry.payload["clients"] == ["Boulangerie Alpha", "Garage Beta"]
    assert entry.payload["logos"] == ["Boulangerie Alpha"] and len(entry.payload["sha256"]) == 64


def test_a_spreadsheet_formula_is_defused(world):

    client_update(actor=world.actor("owner"), client_id=world.client.pk, name="=HYPERLINK(1)")
    level(world, "named")
    grant(world, "reference")
    text, _t, _n = reference_list_export(actor=world.actor("owner"), format="csv")
    assert "'=HYPERLINK(1)" in text


def test_viewers_do_not_export(world):
    with pytest.raises(PermissionDenied):
        reference_list_export(actor=world.actor("viewer"), format="csv")


def test_the_cli_writes_the_list(world, tmp_path):
    level(world, "named")
    grant(world, "reference")
    target = tmp_path / "refs.html"
    call_command(
        "references", "export", "--workspace", "Atelier Nord", "--format", "html", str(target)
    )
    assert "Boulangerie Alpha" in target.read_text()
    out = io.StringIO()
    call_command("references", "export", "--workspace", "Atelier Nord", stdout=out)
    assert out.getvalue().splitlines()[1].startswith("Boulangerie Alpha,")
