"""R-DEADLINE on the dashboard: the first cancel-by dates within the farthest warning, each
with its badge, and how many more there are, at a cost that does not grow."""

import datetime as dt

from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.assets.services import asset_create
from pacte.deadlines.selectors import WARNINGS_SHOWN, deadline_warnings


def today():
    return timezone.localdate()


def add(world, n, *, start=0, notice=10):
    """n one-off renewals: cancel-by dates from 3 days ago (missed) on, one a day."""
    owner = world.actor("owner")
    for i in range(start, start + n):
        asset_create(
            actor=owner,
            client_id=world.client.pk,
            kind="domain",
            identifier=f"site-{i:03d}.fr",
            renewal_date=(today() + dt.timedelta(days=notice - 3 + i)).isoformat(),
            renewal_period="once",
            notice_days=notice,
        )


def test_the_first_dates_with_their_badges_and_how_many_more(world):
    add(world, 12)
    warnings = deadline_warnings(actor=world.actor("consultant"))
    assert warnings.count == 12 and warnings.more == 12 - WARNINGS_SHOWN
    shown = [(level, d.identifier, d.missed) for level, d in warnings.shown]
    assert shown[:4] == [
        ("bad", "site-000.fr", True),
        ("bad", "site-001.fr", True),
        ("bad", "site-002.fr", True),
        ("bad", "site-003.fr", False),  # cancel by today
    ]
    assert [d.days_left(today()) for _, d in warnings.shown] == list(range(-3, 5))
    # Beyond the farthest warning (60 days by default), nothing.
    add(world, 1, start=100)
    assert deadline_warnings(actor=world.actor("owner")).count == 12


def test_the_panel_links_to_the_deadlines_page_when_it_is_cut(world):
    http = HttpClient(headers={"accept-language": "en"})
    http.force_login(world.users["owner"])
    add(world, WARNINGS_SHOWN)
    page = http.get("/dashboard/").content.decode()
    panel = page[page.index('id="deadline-warnings"') :]
    panel = panel[: panel.index("</div>")]
    assert panel.count("<li>") == WARNINGS_SHOWN and "more deadline" not in panel
    add(world, 3, start=WARNINGS_SHOWN)
    page = http.get("/dashboard/").content.decode()
    panel = page[page.index('id="deadline-warnings"') :]
    panel = panel[: panel.index("</div>")]
    assert panel.count("<li>") == WARNINGS_SHOWN
    assert '<a href="/deadlines/">and 3 more deadlines</a>' in panel


def test_no_date_no_panel(world):
    assert deadline_warnings(actor=world.actor("owner")).count == 0
    http = HttpClient()
    http.force_login(world.users["owner"])
    assert 'id="deadline-warnings"' not in http.get("/dashboard/").content.decode()


def test_the_warnings_cost_two_queries_at_5_or_200_assets(world):
    actor = world.actor("owner")
    for n, start in ((5, 0), (195, 5)):
        add(world, n, start=start, notice=30)
        with CaptureQueriesContext(connection) as captured:
            warnings = deadline_warnings(actor=actor)
        assert len(captured) == 2
        assert len(warnings.shown) == min(WARNINGS_SHOWN, warnings.count)
