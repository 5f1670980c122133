"""The daily snapshot: idempotent, with the score's reasons and the rules' version, and the
change against the week before that the dashboard ranks."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from pacte.engagements.services import engagement_create
from pacte.health.models import HealthSnapshot
from pacte.health.selectors import attention_ranking, health_trend
from pacte.health.services import health_snapshot_take
from pacte.health.tasks import take_health_snapshots
from pacte.kernel.errors import PermissionDenied
from pacte.kernel.tenancy import Actor

from .fakes import fixed_signal, only_signals

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 2)


@pytest.fixture
def running(world):
    owner = world.actor("owner")
    a = engagement_create(actor=owner, client_id=world.client.pk, title="A", value="1000")
    b = engagement_create(actor=owner, client_id=world.other_client.pk, title="B", value="1000")
    return owner, a, b


def _awaiting(engagement):
    # The fixture's engagements are drafts; a draft's health is not followed.
    type(engagement).objects.in_workspace(engagement.workspace_id).filter(pk=engagement.pk).update(
        status="awaiting_deposit"
    )


def test_a_snapshot_is_taken_once_a_day(world, running):
    owner, a, b = running
    _awaiting(a)
    _awaiting(b)
    with only_signals(fixed_signal("a", 10, {0: 60})):
        first = health_snapshot_take(actor=owner, today=DAY)
        again = health_snapshot_take(actor=owner, today=DAY)
    # Two clients and two engagements under way.
    assert (first.taken, first.already) == (4, 0)
    assert (again.taken, again.already) == (0, 4)
    row = HealthSnapshot.objects.for_actor(owner).get(level="client", client=world.client)
    assert row.score == 60 and row.band == "amber"
    assert row.reasons == [{"key": "a", "weight": 100, "value": 60, "score": 60, "rule": "R-A"}]
    assert row.rules_version.startswith("1-")


def test_drafts_and_ended_engagements_are_not_followed(world, running):
    owner, _a, _b = running
    with only_signals(fixed_signal("a", 10, {0: 60})):
        assert health_snapshot_take(actor=owner, today=DAY).taken == 0


def test_the_change_since_last_week_is_kept_and_ranked(world, running):
    owner, a, b = running
    _awaiting(a)
    _awaiting(b)
    with only_signals(fixed_signal("a", 10, {world.client.pk: 90, world.other_client.pk: 70})):
        health_snapshot_take(actor=owner, today=DAY)
    with only_signals(fixed_signal("a", 10, {world.client.pk: 40, world.other_client.pk: 75})):
        health_snapshot_take(actor=owner, today=DAY + dt.timedelta(days=3))
        health_snapshot_take(actor=owner, today=DAY + dt.timedelta(days=7))
    week_later = HealthSnapshot.objects.for_actor(owner).filter(
        level="client", taken_on=DAY + dt.timedelta(days=7)
    )
    assert dict(week_later.values_list("client_id", "change_7d")) == {
        world.client.pk: -50,
        world.other_client.pk: 5,
    }
    # Three days on, no snapshot was a week old yet.
    assert not HealthSnapshot.objects.for_actor(owner).filter(
        taken_on=DAY + dt.timedelta(days=3), change_7d__isnull=False
    )
    ranking = attention_ranking(actor=owner)
    assert ranking.taken_on == DAY + dt.timedelta(days=7)
    assert [s.client_id for s in ranking.lowest] == [world.client.pk, world.other_client.pk]
    assert [(s.client_id, s.change_7d) for s in ranking.drops] == [(world.client.pk, -50)]
    # Each ranked score shows the signal that weighs it down most.
    assert (ranking.lowest[0].weakest.rule, ranking.lowest[0].weakest.score) == ("R-A", 40)


def test_the_trend_reads_the_snapshots_oldest_first(world, running, settings):
    owner, a, _b = running
    _awaiting(a)
    today = dt.date.today()
    for days_ago, score in ((2, 80), (1, 70), (0, 65)):
        with only_signals(fixed_signal("a", 10, {0: score})):
            health_snapshot_take(actor=owner, today=today - dt.timedelta(days=days_ago))
    points = health_trend(actor=owner, client=world.client)
    assert [p.score for p in points] == [80, 70, 65]
    assert [p.score for p in health_trend(actor=owner, engagement=a)] == [80, 70, 65]


def test_the_worker_job_and_the_command_take_the_same_snapshot(world, running):
    _owner, a, _b = running
    _awaiting(a)
    with only_signals(fixed_signal("a", 10, {0: 55})):
        assert take_health_snapshots.call() == {"taken": 2}
        out = StringIO()
        call_command("health", "snapshot", stdout=out)
    assert "0 score(s) recorded" in out.getvalue() and "2 already there" in out.getvalue()


def test_the_ranking_costs_three_queries_whatever_the_number_of_clients(
    world, running, django_assert_num_queries
):
    owner, a, b = running
    _awaiting(a)
    _awaiting(b)
    with only_signals(fixed_signal("a", 10, {0: 30})):
        health_snapshot_take(actor=owner, today=DAY)
    with django_assert_num_queries(3):
        ranking = attention_ranking(actor=owner)
        [s.client.name for s in ranking.lowest]


def test_a_snapshot_is_the_owners_or_the_systems_to_take(world, running):
    with pytest.raises(PermissionDenied):
        health_snapshot_take(actor=world.actor("consultant"), today=DAY)
    health_snapshot_take(actor=Actor.system(world.workspace), today=DAY)
