"""The client list's filters and columns, and the client's timeline, come from the apps that
know them: each contribution is registered, and removing one is seen."""

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient

from pacte.billing.services import invoice_create, payment_record
from pacte.clients import listing
from pacte.clients.selectors import client_list
from pacte.clients.timeline import client_timeline, timeline_sources
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.services import engagement_create
from pacte.exchanges.services import exchange_log

pytestmark = pytest.mark.django_db


def test_the_list_filters_are_registered_by_their_apps_in_order():
    found = [(f.name, f.apply.__module__) for f in listing.filters()]
    assert found == [
        ("active", "pacte.engagements.panels"),
        ("awaiting_deposit", "pacte.engagements.panels"),
        ("late_payer", "pacte.billing.panels"),
        ("refusals", "pacte.decisions.panels"),
        ("silent", "pacte.exchanges.panels"),
        ("no_engagement", "pacte.engagements.panels"),
    ]


def test_the_list_columns_are_registered_by_their_apps_in_order():
    assert [(c.name, c.cli_header) for c in listing.columns()] == [
        ("engagements", "Active"),
        ("overdue", "Overdue"),
        ("refusals", "Refusals"),
        ("last-exchange", "Last exchange"),
    ]


def test_the_timeline_sources_are_registered_by_their_apps():
    found = {s.kind: s.items.__module__ for s in timeline_sources.entries()}
    assert found == {
        "exchange": "pacte.exchanges.panels",
        "decision": "pacte.decisions.panels",
        "invoice": "pacte.billing.panels",
        "payment": "pacte.billing.panels",
    }


@pytest.fixture
def story(world):
    owner = world.actor("owner")
    e = engagement_create(actor=owner, client_id=world.client.pk, title="Refonte", value="500")
    rec = recommendation_create(actor=owner, engagement_id=e.pk, title="Sauvegardes")
    recommendation_decide(
        actor=owner, recommendation_id=rec.pk, decision="refused", decided_by="Anne"
    )
    invoice = invoice_create(
        actor=owner, engagement_id=e.pk, kind="deposit", amount="100.00", due_on="2026-12-31"
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="40.00", paid_on="2026-01-03")
    exchange_log(
        actor=owner,
        client_id=world.client.pk,
        occurred_on="2026-01-02",
        channel="call",
        direction="outbound",
        summary="Point hebdomadaire",
    )
    return e


def test_the_timeline_merges_every_source(world, story):
    items = client_timeline(actor=world.actor("viewer"), client=world.client)
    assert {t.kind for t in items} == {"exchange", "decision", "invoice", "payment"}
    assert [t.on for t in items] == sorted((t.on for t in items), reverse=True)
    html = _page(world)
    assert "Point hebdomadaire" in html and "Sauvegardes" in html
    assert 'class="t-payment"' in html and 'class="t-invoice"' in html


def test_a_removed_timeline_source_is_missing_from_the_page(world, story, monkeypatch):
    entries = dict(timeline_sources._entries)
    del entries[("exchange",)]
    monkeypatch.setattr(timeline_sources, "_entries", entries)
    items = client_timeline(actor=world.actor("owner"), client=world.client)
    assert "exchange" not in {t.kind for t in items}
    assert "Point hebdomadaire" not in _page(world)


def test_a_removed_filter_is_ignored_and_leaves_the_select(world, story, monkeypatch):
    entries = dict(listing.client_filters._entries)
    del entries[("refusals",)]
    monkeypatch.setattr(listing.client_filters, "_entries", entries)
    names = {c.name for c in client_list(actor=world.actor("owner"), status="refusals")}
    assert names == {"Boulangerie Alpha", "Garage Beta"}  # an unknown situation is ignored
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    assert 'value="refusals"' not in http.get("/clients/").content.decode()


def test_a_removed_column_takes_its_figure_away(world, story, monkeypatch):
    entries = dict(listing.client_columns._entries)
    del entries[("overdue",)]
    monkeypatch.setattr(listing.client_columns, "_entries", entries)
    row = client_list(actor=world.actor("owner")).get(pk=world.client.pk)
    assert not hasattr(row, "overdue_count") and row.refusal_count == 1


def test_the_list_page_shows_every_column(world, story):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    html = http.get("/clients/").content.decode()
    for header in ("Active engagements", "Overdue invoices", "Refusals", "Last exchange"):
        assert f"<th>{header}</th>" in html
    assert "<td>0 / 1</td>" in html
    html = http.get("/clients/", {"status": "refusals"}).content.decode()
    assert "Boulangerie Alpha" in html and "Garage Beta" not in html


def test_the_cli_lists_with_the_registered_filters_and_columns(world, story, capsys):
    call_command("clients", "list", "--workspace", "Atelier Nord", "--format", "json")
    out = capsys.readouterr().out
    assert '"refusals": 1' in out and '"last_exchange": "2026-01-02"' in out
    assert '"active_engagements": 0' in out and '"overdue_invoices": 0' in out
    call_command("clients", "list", "--workspace", "Atelier Nord", "--status", "refusals")
    out = capsys.readouterr().out
    assert "Boulangerie Alpha" in out and "Garage Beta" not in out
    assert "Active" in out and "Last exchange" in out


def _page(world):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    return http.get(f"/clients/{world.client.pk}/").content.decode()
