"""R-DEADLINE in people's calendars: the secret iCalendar address, and the deadlines page."""

import datetime as dt
import hashlib
from dataclasses import replace

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from icalendar import Calendar

from pacte.assets.models import CalendarFeed
from pacte.assets.services import asset_create
from pacte.clients.services import client_create
from pacte.deadlines.feeds import calendar_feed_create, calendar_feed_revoke, calendar_for_secret
from pacte.kernel.errors import NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry, Member
from pacte.kernel.tenancy import Actor
from pacte.testing import check_page_as_each_actor
from pacte.workspace.services import member_remove

MEMBERS = ("owner", "manager", "consultant", "viewer")


def today():
    return timezone.localdate()


def in_days(days: int) -> str:
    return (today() + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def assets(world):
    """Ours: a yearly domain whose cancel-by date is in 20 days, a monthly tacit SaaS, a
    licence whose cancel-by date has passed. Theirs (the other workspace): one domain."""
    owner = world.actor("owner")
    made = {
        "domain": asset_create(
            actor=owner,
            client_id=world.client.pk,
            kind="domain",
            identifier="alpha-boulangerie.fr",
            renewal_date=in_days(50),
            renewal_period="yearly",
            auto_renew=True,
            notice_days=30,
        ),
        "saas": asset_create(
            actor=owner,
            client_id=world.other_client.pk,
            kind="other_saas",
            identifier="Shop subscription",
            renewal_date=in_days(-45),
            renewal_period="monthly",
            auto_renew=True,
            notice_days=0,
        ),
        "licence": asset_create(
            actor=owner,
            client_id=world.client.pk,
            kind="software_licence",
            identifier="Photo editor licence",
            renewal_date=in_days(5),
            renewal_period="once",
            notice_days=15,
        ),
        "no_date": asset_create(
            actor=owner, client_id=world.client.pk, kind="analytics", identifier="Analytics"
        ),
        "foreign": asset_create(
            actor=Actor.system(world.other_workspace),
            client_id=world.foreign_client.pk,
            kind="domain",
            identifier="cave-gamma.fr",
            renewal_date=in_days(40),
            auto_renew=True,
            notice_days=30,
        ),
    }
    return made


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def read_feed(raw: str) -> Calendar:
    with translation.override("en"):
        return parse(calendar_for_secret(raw))


# --- the feed --------------------------------------------------------------------------------


def test_the_feed_is_a_valid_calendar_of_every_cancel_by_and_renewal_date(world, assets):
    _feed, raw = calendar_feed_create(actor=world.actor("consultant"))
    calendar = read_feed(raw)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Pacte//Deadlines//FR"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "Atelier Nord" in str(calendar["X-WR-CALNAME"])

    found = events(calendar)
    # The domain once, the licence once (missed), the monthly SaaS every month: 12 renewals
    # in [today, today + 12 months).
    horizon = today() + relativedelta(months=12)
    saas_renewals = [
        d
        for k in range(0, 16)
        if today() <= (d := dt.date.fromisoformat(in_days(-45)) + relativedelta(months=k)) < horizon
    ]
    assert len(saas_renewals) == 12
    assert len(found) == 2 * (1 + 1 + 12)

    uids = [str(e["UID"]) for e in found]
    assert len(set(uids)) == len(uids)
    assert all(uid.endswith("@pacte") for uid in uids)
    for event in found:
        assert isinstance(event.decoded("DTSTART"), dt.date)
        assert not isinstance(event.decoded("DTSTART"), dt.datetime)  # all-day
        assert event.decoded("DTEND") == event.decoded("DTSTART") + dt.timedelta(days=1)
        assert "DTSTAMP" in event

    by_summary = {}
    for event in found:
        by_summary.setdefault(str(event["SUMMARY"]), []).append(event.decoded("DTSTART"))
    assert by_summary["Cancel by: alpha-boulangerie.fr (Boulangerie Alpha)"] == [
        today() + dt.timedelta(days=20)
    ]
    assert by_summary["Renewal: alpha-boulangerie.fr (Boulangerie Alpha)"] == [
        today() + dt.timedelta(days=50)
    ]
    # Missed, yet still in the calendar: the renewal is still to come.
    assert by_summary["Cancel by: Photo editor licence (Boulangerie Alpha)"] == [
        today() - dt.timedelta(days=10)
    ]
    assert by_summary["Renewal: Shop subscription (Garage Beta)"] == saas_renewals
    assert not any("Analytics" in summary for summary in by_summary)

    cancels = [e for e in found if str(e["SUMMARY"]).startswith("Cancel by:")]
    assert len(cancels) == 14
    for event in cancels:
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == -dt.timedelta(days=7)
    renewals = [e for e in found if str(e["SUMMARY"]).startswith("Renewal:")]
    assert all(not e.walk("VALARM") for e in renewals)


def test_uids_stay_the_same_from_one_read_to_the_next(world, assets):
    _feed, raw = calendar_feed_create(actor=world.actor("owner"))
    first = [str(e["UID"]) for e in events(read_feed(raw))]
    assert first == [str(e["UID"]) for e in events(read_feed(raw))]
    assert f"cancel-{assets['domain'].pk}-{in_days(50)}@pacte" in first
    assert f"renewal-{assets['domain'].pk}-{in_days(50)}@pacte" in first


def test_only_the_hash_of_the_secret_is_kept_and_creation_is_journaled(world):
    actor = world.actor("viewer")
    feed, raw = calendar_feed_create(actor=actor)
    assert len(raw) >= 40
    assert feed.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    stored = CalendarFeed.objects.in_workspace(world.workspace).values_list(flat=False)
    assert not any(raw in str(value) for row in stored for value in row)
    entry = LedgerEntry.objects.in_workspace(world.workspace).order_by("-seq").first()
    assert entry.action == "calendar_feed.created"
    assert raw not in str(entry.payload)


def test_a_new_address_replaces_the_old_one(world, assets):
    actor = world.actor("owner")
    _old, old_raw = calendar_feed_create(actor=actor)
    _new, new_raw = calendar_feed_create(actor=actor)
    feeds = CalendarFeed.objects.in_workspace(world.workspace).filter(user=actor.user)
    assert feeds.count() == 1
    with pytest.raises(NotFound):
        calendar_for_secret(old_raw)
    assert events(read_feed(new_raw))
    # Another member's address is theirs alone and keeps working.
    _other, other_raw = calendar_feed_create(actor=world.actor("manager"))
    calendar_feed_create(actor=actor)
    assert events(read_feed(other_raw))


def test_a_revoked_address_is_not_found(world, assets):
    actor = world.actor("consultant")
    _feed, raw = calendar_feed_create(actor=actor)
    http = HttpClient()
    assert http.get(f"/calendar/{raw}.ics").status_code == 200
    assert calendar_feed_revoke(actor=actor) is True
    assert http.get(f"/calendar/{raw}.ics").status_code == 404
    assert calendar_feed_revoke(actor=actor) is False
    actions = LedgerEntry.objects.in_workspace(world.workspace).values_list("action", flat=True)
    assert list(actions).count("calendar_feed.revoked") == 1


def test_the_address_of_a_member_who_left_stops_working(world, assets):
    _feed, raw = calendar_feed_create(actor=world.actor("consultant"))
    member = Member.objects.in_workspace(world.workspace).get(user=world.users["consultant"])
    member_remove(actor=world.actor("owner"), member_id=member.pk)
    with pytest.raises(NotFound):
        calendar_for_secret(raw)


def test_portal_users_get_an_address_of_their_client_only(world, assets):
    # DOMAIN §9: the client's people get the calendar of their own client's dates.
    _feed, raw = calendar_feed_create(actor=world.actor("portal"))
    text = calendar_for_secret(raw).decode()
    assert "Boulangerie Alpha" in text
    assert "Garage Beta" not in text and "Shop subscription" not in text


def test_portal_users_without_operations_get_no_address(world):
    accountant = replace(world.actor("portal"), portal_scopes=frozenset({"finance"}))
    with pytest.raises(PermissionDenied):
        calendar_feed_create(actor=accountant)
    assert not CalendarFeed.objects.across_workspaces().exists()


def test_another_workspace_feed_never_shows_our_assets(world, assets):
    _feed, raw = calendar_feed_create(actor=world.actor("other_workspace"))
    summaries = [str(e["SUMMARY"]) for e in events(read_feed(raw))]
    assert summaries == [
        "Cancel by: cave-gamma.fr (Cave Gamma)",
        "Renewal: cave-gamma.fr (Cave Gamma)",
    ]
    text = calendar_for_secret(raw).decode()
    for ours in ("alpha-boulangerie", "Shop subscription", "Photo editor", "Boulangerie Alpha"):
        assert ours not in text


def test_the_calendar_address_over_http(world, assets):
    _feed, raw = calendar_feed_create(actor=world.actor("owner"))
    http = HttpClient()
    response = http.get(f"/calendar/{raw}.ics", headers={"accept-language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    calendar = parse(response.content)
    assert len(events(calendar)) == 28
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    feed = CalendarFeed.objects.in_workspace(world.workspace).get()
    assert feed.last_fetched_at is not None
    for wrong in (raw[:-1], raw + "x", "nothing", "a" * 300):
        assert http.get(f"/calendar/{wrong}.ics").status_code == 404
    # A signed-in session changes nothing: the secret alone decides.
    http.force_login(world.users["other_workspace"])
    assert http.get(f"/calendar/{raw}.ics").status_code == 200
    assert http.post(f"/calendar/{raw}.ics").status_code == 405


# --- the deadlines page ----------------------------------------------------------------------

PAGE_EXPECTED = {
    "anonymous": 302,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 404,
    "portal_other_client": 404,
    "other_workspace": 200,
}


def month_of(days: int) -> str:
    return (today() + dt.timedelta(days=days)).strftime("%Y-%m")


def test_the_deadlines_page_as_each_actor(world, assets):
    # The month of the domain's cancel-by date (in 20 days), and one wholly to come, where
    # the monthly subscription has a date.
    for url, ours in (
        (f"/deadlines/?month={month_of(20)}", "alpha-boulangerie.fr"),
        (f"/deadlines/?month={month_of(40)}", "Shop subscription"),
        ("/deadlines/?month=missed", "Photo editor licence"),
    ):
        responses = check_page_as_each_actor(world, url, PAGE_EXPECTED)
        for kind in MEMBERS:
            page = responses[kind].content.decode()
            assert ours in page, (url, kind)
            assert "cave-gamma.fr" not in page
        other = responses["other_workspace"].content.decode()
        for theirs in ("alpha-boulangerie", "Shop subscription", "Photo editor", "Alpha"):
            assert theirs not in other
    other = check_page_as_each_actor(world, f"/deadlines/?month={month_of(10)}", PAGE_EXPECTED)[
        "other_workspace"
    ]
    assert "cave-gamma.fr" in other.content.decode()


def row_of(page: str, text: str) -> str:
    """The table row of the page that shows `text`."""
    at = page.index(text)
    return page[page.rindex("<tr", 0, at) : page.index("</tr>", at)]


def test_the_page_highlights_missed_and_close_deadlines(world, assets):
    http = HttpClient()
    http.force_login(world.users["owner"])
    page = http.get("/deadlines/", headers={"accept-language": "en"}).content.decode()
    assert 'id="missed-notice"' in page
    # The first view leads with the missed dates: the licence's passed ten days ago.
    assert '<span class="badge bad">Missed</span>' in row_of(page, "Photo editor licence")
    # The domain's is in 20 days: within the 30-day warning of "60,30,7".
    page = http.get(
        f"/deadlines/?month={month_of(20)}", headers={"accept-language": "en"}
    ).content.decode()
    domain_row = row_of(page, "alpha-boulangerie.fr")
    assert '<span class="badge warn">20</span>' in domain_row
    assert "Missed" not in domain_row


def test_the_page_with_no_renewal_date(world):
    http = HttpClient()
    http.force_login(world.users["viewer"])
    page = http.get("/deadlines/", headers={"accept-language": "en"}).content.decode()
    assert "No renewal date in the coming months" in page
    assert "Get my calendar address" in page


def test_getting_renewing_and_revoking_the_address_from_the_page(world, assets):
    responses = check_page_as_each_actor(
        world,
        "/deadlines/feed/",
        {**PAGE_EXPECTED, "anonymous": 302},
        method="post",
    )
    for kind in (*MEMBERS, "other_workspace"):
        page = responses[kind].content.decode()
        feed = CalendarFeed.objects.across_workspaces().get(user=world.users[kind])
        start = page.index('id="calendar-url">') + len('id="calendar-url">')
        url = page[start : page.index("</p>", start)]
        assert url.startswith("http://testserver/calendar/") and url.endswith(".ics")
        raw = url.removeprefix("http://testserver/calendar/").removesuffix(".ics")
        assert hashlib.sha256(raw.encode()).hexdigest() == feed.key_hash
    # Portal users got nothing.
    assert (
        not CalendarFeed.objects.across_workspaces()
        .filter(user__in=[world.users["portal"], world.users["portal_other_client"]])
        .exists()
    )

    # Once made, the page offers a new one and says when it was read, never the URL again.
    http = HttpClient()
    http.force_login(world.users["owner"])
    page = http.get("/deadlines/", headers={"accept-language": "en"}).content.decode()
    assert 'id="calendar-url"' not in page
    assert "Get a new address" in page and "Revoke the address" in page

    check_page_as_each_actor(
        world,
        "/deadlines/feed/revoke/",
        {**PAGE_EXPECTED, **dict.fromkeys((*MEMBERS, "other_workspace"), 302)},
        method="post",
    )
    assert not CalendarFeed.objects.across_workspaces().exists()
    assert HttpClient().get("/deadlines/feed/").status_code in (302, 405)


def grow(world, n: int, start: int = 0) -> None:
    owner = world.actor("owner")
    for i in range(start, start + n):
        client = client_create(actor=owner, name=f"Client {i}")
        asset_create(
            actor=owner,
            client_id=client.pk,
            kind="domain",
            identifier=f"site-{i}.fr",
            renewal_date=in_days(10 + i),
            renewal_period="monthly" if i % 2 else "yearly",
            auto_renew=True,
            notice_days=5,
        )


def count_queries(http) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert http.get("/deadlines/").status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_with_1_or_20_assets(world):
    calendar_feed_create(actor=world.actor("owner"))
    http = HttpClient()
    http.force_login(world.users["owner"])
    grow(world, 1)
    small = count_queries(http)
    grow(world, 19, start=1)
    assert count_queries(http) == small
    assert small <= 8, f"{small} queries"
