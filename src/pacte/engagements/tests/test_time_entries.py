"""Time entries: work is logged only on an active engagement, by a writer, with valid input."""

import pytest

from pacte.engagements.models import TimeEntry
from pacte.engagements.services import engagement_hold, time_entry_log
from pacte.engagements.tests.helpers import TODAY, S, browser, counts, days, engagement_in, log
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status", [s for s in S.values if s != S.ACTIVE], ids=[s for s in S.values if s != S.ACTIVE]
)
def test_work_is_refused_on_an_engagement_that_is_not_active(world, status):
    engagement = engagement_in(world, status)
    before = counts()
    with pytest.raises(Conflict) as refused:
        log(world, engagement)
    assert refused.value.code == "engagement_not_active"
    assert counts() == before


def test_work_is_logged_on_an_active_engagement(world):
    engagement = engagement_in(world, S.ACTIVE)
    entry = log(world, engagement, minutes="1440", description="  Mise en ligne  ")
    assert (entry.minutes, entry.description, entry.author) == (
        1440,
        "Mise en ligne",
        world.users["consultant"],
    )
    assert log(world, engagement, minutes=1).minutes == 1
    assert (
        TimeEntry.objects.in_workspace(world.workspace).filter(engagement=engagement).count() == 2
    )


def test_work_is_refused_again_once_the_engagement_is_put_on_hold(world):
    engagement = engagement_in(world, S.ACTIVE)
    log(world, engagement)
    engagement_hold(actor=world.actor("owner"), engagement_id=engagement.pk)
    with pytest.raises(Conflict):
        log(world, engagement)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"minutes": 0},
        {"minutes": -30},
        {"minutes": 1441},
        {"minutes": "abc"},
        {"minutes": None},
        {"minutes": 90.5},  # never silently cut to 90
        {"minutes": True},
        {"worked_on": None},
        {"worked_on": ""},
        {"worked_on": "2026-02-30"},
        {"worked_on": "hier"},
        {"worked_on": days(1)},  # work is logged once done
        {"description": ""},
        {"description": "x" * 501},
    ],
)
def test_bad_time_entries_write_nothing(world, kwargs):
    engagement = engagement_in(world, S.ACTIVE)
    before = counts()
    with pytest.raises(InvalidInput):
        log(world, engagement, **kwargs)
    assert counts() == before


@pytest.mark.parametrize("kind", ["viewer", "portal"])
def test_readers_cannot_log_work(world, kind):
    engagement = engagement_in(world, S.ACTIVE)
    with pytest.raises(PermissionDenied):
        time_entry_log(
            actor=world.actor(kind),
            engagement_id=engagement.pk,
            worked_on=TODAY,
            minutes=30,
            description="x",
        )


def test_work_on_an_engagement_of_another_workspace_is_not_found(world):
    engagement = engagement_in(world, S.ACTIVE)
    with pytest.raises(NotFound):
        time_entry_log(
            actor=world.actor("other_workspace"),
            engagement_id=engagement.pk,
            worked_on=TODAY,
            minutes=30,
            description="x",
        )


def test_logging_time_on_a_draft_is_refused_from_the_page(world, engagement):
    http = browser(world, "consultant")
    page = http.post(
        f"/engagements/{engagement.pk}/do/time/",
        {"time-worked_on": "2026-11-02", "time-minutes": "60", "time-description": "Maquettes"},
        follow=True,
    )
    assert "it must be active" in page.content.decode()
    assert not TimeEntry.objects.in_workspace(world.workspace).exists()
