"""Takeovers: each item asked, chased and received with a dated record, from the service and the
page."""

import datetime as dt

import pytest

from pacte.handoff.models import TakeoverEvent, TakeoverItem
from pacte.handoff.selectors import takeover_list
from pacte.handoff.services import takeover_item_create, takeover_record
from pacte.handoff.tests.helpers import (
    TODAY,
    browser,
    days,
    entries,
    ledger_size,
    messages_in,
    queries_for,
)
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.testing import MEMBERS_ONLY, check_page_as_each_actor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


def events(item):
    return list(
        TakeoverEvent.objects.in_workspace(item.workspace_id)
        .filter(item=item)
        .order_by("pk")
        .values_list("event", "on", "note")
    )


def item_row(item):
    return (
        TakeoverItem.objects.in_workspace(item.workspace_id)
        .filter(pk=item.pk)
        .values("asked_on", "last_chased_on", "chase_count", "received_on")
        .get()
    )


def test_a_takeover_is_asked_chased_and_received_with_a_dated_record(world):
    consultant = world.actor("consultant")
    item = takeover_item_create(
        actor=consultant,
        client_id=world.client.pk,
        kind="domain",
        what="Code de transfert du domaine",
        previous_provider="Ancienne Agence",
    )
    assert events(item) == []
    asked, chased, received = days(-20), days(-10), days(-2)
    takeover_record(actor=consultant, item_id=item.pk, event="asked", on=asked, note="Par email")
    takeover_record(actor=consultant, item_id=item.pk, event="chased", on=chased, note="Relance")
    takeover_record(actor=consultant, item_id=item.pk, event="received", on=received)
    assert item_row(item) == {
        "asked_on": asked,
        "last_chased_on": chased,
        "chase_count": 1,
        "received_on": received,
    }
    assert events(item) == [
        ("asked", asked, "Par email"),
        ("chased", chased, "Relance"),
        ("received", received, ""),
    ]
    for action, day in (
        ("takeover.asked", asked),
        ("takeover.chased", chased),
        ("takeover.received", received),
    ):
        [entry] = entries(world, action)
        assert entry.payload["on"] == day.isoformat()
        assert entry.payload["previous_provider"] == "Ancienne Agence"
        assert entry.subject_id == str(item.pk)


def test_a_takeover_item_asked_at_creation_is_on_record(world):
    item = takeover_item_create(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        kind="hosting",
        what="Accès à l'hébergement",
        asked_on=days(-3),
    )
    assert item_row(item)["asked_on"] == days(-3)
    assert events(item) == [("asked", days(-3), "")]
    [entry] = entries(world, "takeover.asked")
    assert entry.payload["on"] == days(-3).isoformat()


def test_a_takeover_item_cannot_be_asked_in_the_future(world):
    with pytest.raises(InvalidInput):
        takeover_item_create(
            actor=world.actor("owner"),
            client_id=world.client.pk,
            kind="hosting",
            what="Accès",
            asked_on=days(2),
        )
    assert not TakeoverItem.objects.in_workspace(world.workspace).exists()


def test_chasing_before_asking_is_refused(world):
    item = takeover_item_create(
        actor=world.actor("owner"), client_id=world.client.pk, kind="crm", what="Export CRM"
    )
    size = ledger_size(world)
    with pytest.raises(Conflict) as refused:
        takeover_record(actor=world.actor("owner"), item_id=item.pk, event="chased")
    assert refused.value.code == "not_asked"
    assert events(item) == []
    assert item_row(item)["chase_count"] == 0
    assert ledger_size(world) == size


@pytest.mark.parametrize("event", ["asked", "chased", "received"])
def test_nothing_is_recorded_after_receiving(world, event):
    owner = world.actor("owner")
    item = takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="crm", what="Export CRM", asked_on=days(-5)
    )
    takeover_record(actor=owner, item_id=item.pk, event="received", on=days(-1))
    before, size = item_row(item), ledger_size(world)
    with pytest.raises(Conflict) as refused:
        takeover_record(actor=owner, item_id=item.pk, event=event)
    assert refused.value.code == "already_received"
    assert item_row(item) == before
    assert len(events(item)) == 2
    assert ledger_size(world) == size


def test_invalid_takeover_events_are_refused(world):
    owner = world.actor("owner")
    item = takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="crm", what="Export CRM"
    )
    for kwargs in (
        {"event": "lost"},
        {"event": "asked", "on": days(1)},
        {"event": "asked", "on": "x"},
    ):
        with pytest.raises(InvalidInput):
            takeover_record(actor=owner, item_id=item.pk, **kwargs)
    with pytest.raises(InvalidInput):
        takeover_item_create(actor=owner, client_id=world.client.pk, kind="boat", what="x")
    with pytest.raises(InvalidInput):
        takeover_item_create(actor=owner, client_id=world.client.pk, kind="crm", what="  ")
    with pytest.raises(PermissionDenied):
        takeover_record(actor=world.actor("viewer"), item_id=item.pk, event="asked")
    with pytest.raises(PermissionDenied):
        takeover_item_create(
            actor=world.actor("portal"), client_id=world.client.pk, kind="crm", what="x"
        )
    with pytest.raises(NotFound):
        takeover_record(actor=world.actor("other_workspace"), item_id=item.pk, event="asked")
    with pytest.raises(NotFound):
        takeover_item_create(
            actor=world.actor("other_workspace"), client_id=world.client.pk, kind="crm", what="x"
        )
    assert events(item) == []
    assert TakeoverItem.objects.in_workspace(world.workspace).count() == 1


def test_chase_now_after_seven_days_without_news(world):
    owner = world.actor("owner")
    asked = dt.date(2026, 10, 1)
    item = takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="domain", what="Code EPP", asked_on=asked
    )
    never = takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="hosting", what="Accès FTP"
    )

    def row(today):
        rows = {r.item.pk: r for r in takeover_list(actor=owner, client=world.client, today=today)}
        assert rows[never.pk].chase_now is False and rows[never.pk].days_waiting is None
        return rows[item.pk]

    assert (row(asked).days_waiting, row(asked).chase_now) == (0, False)
    assert (row(asked + dt.timedelta(6)).chase_now, row(asked + dt.timedelta(7)).chase_now) == (
        False,
        True,
    )
    takeover_record(actor=owner, item_id=item.pk, event="chased", on=asked + dt.timedelta(8))
    later = row(asked + dt.timedelta(12))
    assert (later.days_waiting, later.chase_now) == (12, False)  # chased 4 days ago
    assert row(asked + dt.timedelta(15)).chase_now is True
    takeover_record(actor=owner, item_id=item.pk, event="received", on=asked + dt.timedelta(16))
    done = row(asked + dt.timedelta(40))
    assert (done.days_waiting, done.chase_now) == (None, False)


def test_the_takeover_list_is_the_clients_own(world):
    owner = world.actor("owner")
    mine = takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="crm", what="Export CRM"
    )
    takeover_item_create(actor=owner, client_id=world.other_client.pk, kind="crm", what="Autre")
    assert [r.item.pk for r in takeover_list(actor=owner, client=world.client)] == [mine.pk]
    assert [r.item.pk for r in takeover_list(actor=world.actor("portal"), client=world.client)] == [
        mine.pk
    ]


def test_the_takeover_page_as_each_actor(world):
    takeover_item_create(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        kind="domain",
        what="Code de transfert",
        previous_provider="Ancienne Agence",
        asked_on=days(-10),
    )
    url = f"/clients/{world.client.pk}/takeover/"
    check_page_as_each_actor(world, url, MEMBERS_ONLY)
    # Read in English: the pages speak the workspace's default language (French).
    responses = {kind: browser(world, kind).get(url) for kind in ("owner", "manager", "viewer")}
    html = responses["viewer"].content.decode()
    assert "Code de transfert" in html and "Ancienne Agence" in html
    assert "chase now" in html
    assert f'action="/clients/{world.client.pk}/takeover/new/"' not in html
    assert (
        f'action="/clients/{world.client.pk}/takeover/new/"' in responses["owner"].content.decode()
    )


def test_the_takeover_page_costs_the_same_queries_for_1_or_15_items(world):
    owner = world.actor("owner")
    takeover_item_create(
        actor=owner, client_id=world.client.pk, kind="domain", what="Item", asked_on=days(-9)
    )
    for n in range(15):
        item = takeover_item_create(
            actor=owner,
            client_id=world.other_client.pk,
            kind="hosting",
            what=f"Item {n}",
            asked_on=days(-20),
        )
        takeover_record(actor=owner, item_id=item.pk, event="chased", on=days(-10), note="Relance")
        if n % 3 == 0:
            takeover_record(actor=owner, item_id=item.pk, event="received", on=days(-1))
    http = browser(world)
    http.get(f"/clients/{world.client.pk}/takeover/")
    small = queries_for(http, f"/clients/{world.client.pk}/takeover/")
    large = queries_for(http, f"/clients/{world.other_client.pk}/takeover/")
    assert small == large, (small, large)


def test_a_takeover_is_recorded_from_the_page(world):
    http = browser(world, "consultant")
    page = http.post(
        f"/clients/{world.client.pk}/takeover/new/",
        {"kind": "domain", "what": "Code de transfert", "previous_provider": "Ancienne Agence"},
        follow=True,
    )
    assert "Added to the checklist." in messages_in(page)
    item = TakeoverItem.objects.in_workspace(world.workspace).get()
    url = f"/clients/{world.client.pk}/takeover/{item.pk}/event/"

    size = ledger_size(world)
    page = http.post(url, {"event": "chased"}, follow=True)
    assert "Ask for it before chasing it." in messages_in(page)
    assert not TakeoverEvent.objects.in_workspace(world.workspace).exists()
    assert ledger_size(world) == size

    page = http.post(url, {"event": "asked", "on": days(-3).isoformat(), "note": "Par email"})
    http.post(url, {"event": "received"})
    item.refresh_from_db()
    assert (item.asked_on, item.received_on) == (days(-3), TODAY)
    page = http.post(url, {"event": "chased"}, follow=True)
    assert "This item was already received." in messages_in(page)
    assert list(
        TakeoverEvent.objects.in_workspace(world.workspace).values_list("event", flat=True)
    ) == ["asked", "received"]
    assert browser(world, "viewer").post(url, {"event": "asked"}).status_code == 403
    assert browser(world, "other_workspace").post(url, {"event": "asked"}).status_code == 404


def test_an_invalid_takeover_item_comes_back_with_its_input(world):
    page = browser(world).post(
        f"/clients/{world.client.pk}/takeover/new/",
        {"kind": "domain", "what": "", "previous_provider": "Agence Pixel"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="Agence Pixel"' in html and "This field is required." in html
    assert not TakeoverItem.objects.in_workspace(world.workspace).exists()
