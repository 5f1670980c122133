"""Conflicts in the health score and the lifecycle stage (issue 12 item 8): the
`open_conflicts` signal, and the first conflict ending the honeymoon."""

from __future__ import annotations

import pytest
from django.utils import timezone

from pacte.conflicts.signals import open_conflicts_score
from pacte.conflicts.stages import FIRST_CONFLICT
from pacte.engagements.tests.signal_helpers import (
    assert_registered,
    clients,
    engagements,
    measure,
    queries_to_measure,
)
from pacte.governance.registries import registered_stage_rules
from pacte.governance.selectors import client_stage
from pacte.kernel.signals import CLIENT, ENGAGEMENT

from .helpers import answer, days_ago, move, open_case, running_engagement, to_awaiting

pytestmark = pytest.mark.django_db

KEY = "open_conflicts"


def test_open_conflicts_is_registered():
    assert_registered(KEY, "§3 conflicts", 10)


def test_the_score_falls_with_each_open_case_and_more_when_late():
    assert open_conflicts_score(0, 0) == 100
    assert open_conflicts_score(1, 0) == 60
    assert open_conflicts_score(1, 1) == 40
    assert open_conflicts_score(2, 0) == 20
    assert open_conflicts_score(3, 1) == 0


def test_the_reading_of_a_client_and_of_an_engagement(world):
    e = running_engagement(world)
    other = running_engagement(world, title="Maintenance")
    late = to_awaiting(world, open_case(world, [e], summary="En retard"))
    open_case(world, [e], summary="Ouvert", opened_on=days_ago(1))
    done = to_awaiting(world, open_case(world, [other], summary="Réglé"))
    answer(world, done, "accepted")
    move(world, done, "resolved", on=days_ago(20))
    today = timezone.localdate()
    client = measure(KEY, world.workspace, CLIENT, clients(world.workspace, world.client.pk))
    reading = client[world.client.pk]
    assert reading.value == 2 and reading.score == open_conflicts_score(2, 1) == 0
    assert reading.shown == "2 open conflicts, 1 past its follow-up date"
    assert reading.evidence == f"/clients/{world.client.pk}/#conflicts"
    by_engagement = measure(
        KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, e.pk, other.pk), today
    )
    assert by_engagement[e.pk].value == 2
    # The other engagement's only case is resolved: healthy.
    assert (by_engagement[other.pk].value, by_engagement[other.pk].score) == (0, 100)
    assert by_engagement[other.pk].shown == "No open conflict"
    assert by_engagement[other.pk].evidence == f"/engagements/{other.pk}/#conflicts"
    assert late.pk


def test_no_conflict_ever_means_no_reading(world):
    running_engagement(world)
    subjects = clients(world.workspace, world.client.pk, world.other_client.pk)
    assert measure(KEY, world.workspace, CLIENT, subjects) == {}


def test_the_measure_costs_one_query_whatever_the_subjects(world):
    for i in range(3):
        e = running_engagement(world, title=f"Mission {i}")
        open_case(world, [e], summary=f"Cas {i}")
    subjects = clients(world.workspace, world.client.pk, world.other_client.pk)
    assert queries_to_measure(KEY, world.workspace, CLIENT, subjects) == 1
    every = engagements(world.workspace, *range(1, 50))
    assert queries_to_measure(KEY, world.workspace, ENGAGEMENT, every) == 1


def test_the_first_conflict_rule_is_registered_before_the_honeymoon():
    rules = [r.key for r in registered_stage_rules()]
    assert FIRST_CONFLICT in registered_stage_rules()
    assert rules.index("separation") < rules.index("first_conflict") < rules.index("honeymoon")


def test_the_first_conflict_ends_the_honeymoon(world):
    running_engagement(world)
    owner = world.actor("owner")
    before = client_stage(actor=owner, client=world.client).suggestion
    assert before is not None and before.stage == "honeymoon"
    open_case(world, summary="Premier accroc", opened_on=days_ago(5))
    after = client_stage(actor=owner, client=world.client).suggestion
    assert (after.stage, after.rule) == ("power_struggle", "first_conflict")
    assert "Premier accroc" in after.reason and "1 still open" in after.reason
