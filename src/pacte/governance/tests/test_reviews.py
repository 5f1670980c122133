"""§4 cadence: the cadence, reviews held (attendees from each side, minutes, decisions taken
through the decision record so R-NO applies), and what is overdue."""

import pytest

from pacte.clients.services import contact_create
from pacte.decisions.models import Decision, Recommendation
from pacte.engagements.services import time_entry_log
from pacte.governance.models import Review, ReviewCadence
from pacte.governance.selectors import (
    engagement_governance,
    overdue_reviews,
    reviews_held_since,
)
from pacte.governance.services import cadence_set, review_update_minutes
from pacte.kernel.errors import Conflict, InvalidInput, PermissionDenied
from pacte.kernel.models import LedgerEntry

from .helpers import TODAY, cadence, days, review, started_engagement

pytestmark = pytest.mark.django_db


def written():
    return (
        Review.objects.across_workspaces().count(),
        Recommendation.objects.across_workspaces().count(),
        Decision.objects.across_workspaces().count(),
        LedgerEntry.objects.across_workspaces().count(),
    )


def test_the_cadence_is_one_per_engagement_and_journaled(world):
    e = started_engagement(world, days_ago=100)
    first = cadence(world, e, strategic=True)
    assert first.starts_on == days(-100)  # the engagement's start by default
    again = cadence(world, e, tactical=True, starts_on=days(-30))
    assert again.pk == first.pk and again.kinds() == ["tactical"]
    assert ReviewCadence.objects.across_workspaces().count() == 1
    actions = LedgerEntry.objects.across_workspaces().values_list("action", flat=True)
    assert list(actions).count("review_cadence.set") == 2
    with pytest.raises(PermissionDenied):
        cadence_set(actor=world.actor("viewer"), engagement_id=e.pk, strategic=True)


def test_a_review_records_both_sides_and_its_decisions_through_r_no(world):
    e = started_engagement(world, days_ago=100)
    anne = contact_create(actor=world.actor("owner"), client_id=world.client.pk, full_name="Anne")
    r = review(
        world,
        e,
        "strategic",
        days(-10),
        provider_attendee_ids=[world.users["owner"].pk, world.users["consultant"].pk],
        client_attendee_ids=[anne.pk],
        others="L'expert-comptable",
        minutes="Budget 2027 discuté.",
        decisions=[
            {"title": "Passer en HTTPS", "decision": "accepted", "decided_by": "Anne"},
            {"title": "Changer d'hébergeur", "decision": "refused", "decided_by": "Anne"},
            {"title": "Refaire le logo", "decision": ""},
        ],
    )
    assert r.period_start == days(-10).replace(month=3 * ((days(-10).month - 1) // 3) + 1, day=1)
    assert {u.pk for u in r.provider_attendees.all()} == {
        world.users["owner"].pk,
        world.users["consultant"].pk,
    }
    assert [c.full_name for c in r.client_attendees.all()] == ["Anne"]
    statuses = {rec.title: rec.status for rec in r.decisions.all()}
    assert statuses == {
        "Passer en HTTPS": "accepted",
        "Changer d'hébergeur": "refused",
        "Refaire le logo": "open",
    }
    # R-NO: the refusal taken at the review is a refusal: no work is logged against it.
    refused = r.decisions.get(title="Changer d'hébergeur")
    assert refused.made_on == days(-10) and refused.decisions.get().decided_on == days(-10)
    with pytest.raises(Conflict) as caught:
        time_entry_log(
            actor=world.actor("consultant"),
            engagement_id=e.pk,
            minutes=60,
            worked_on=TODAY,
            description="Migration",
            recommendation_id=refused.pk,
        )
    assert caught.value.code == "client_refused"
    assert LedgerEntry.objects.across_workspaces().filter(action="review.recorded").count() == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"held_on": days(1)}, "held_on"),  # in the future
        ({"held_on": days(-200)}, "held_on"),  # before the engagement started
        ({"kind": "monthly"}, "kind"),
        ({"provider_attendee_ids": [999999]}, "provider_attendee_ids"),
        ({"client_attendee_ids": ["x"]}, "client_attendee_ids"),
        ({"decisions": [{"title": "", "decision": "refused", "decided_by": "A"}]}, "decisions"),
        ({"decisions": [{"title": "Oui", "decision": "accepted", "decided_by": ""}]}, "decided_by"),
    ],
)
def test_bad_input_is_refused_with_its_field_and_nothing_is_written(world, change, field):
    e = started_engagement(world, days_ago=100)
    before = written()
    values = {"kind": "tactical", "held_on": days(-5), **change}
    with pytest.raises(InvalidInput) as caught:
        review(world, e, values.pop("kind"), values.pop("held_on"), **values)
    assert field in caught.value.fields
    assert written() == before


def test_attendees_come_from_this_workspace_and_this_client_only(world):
    e = started_engagement(world, days_ago=100)
    other = contact_create(
        actor=world.actor("owner"), client_id=world.other_client.pk, full_name="Bob"
    )
    before = written()
    with pytest.raises(InvalidInput):
        review(world, e, "tactical", days(-5), client_attendee_ids=[other.pk])
    with pytest.raises(InvalidInput):
        review(world, e, "tactical", days(-5), provider_attendee_ids=[world.users["portal"].pk])
    with pytest.raises(InvalidInput):
        review(
            world,
            e,
            "tactical",
            days(-5),
            provider_attendee_ids=[world.users["other_workspace"].pk],
        )
    assert written() == before


def test_a_failing_decision_undoes_the_whole_review(world):
    e = started_engagement(world, days_ago=100)
    before = written()
    with pytest.raises(InvalidInput):
        review(
            world,
            e,
            "tactical",
            days(-5),
            decisions=[
                {"title": "Bon", "decision": "accepted", "decided_by": "A"},
                {"title": "x" * 201, "decision": ""},
            ],
        )
    assert written() == before


def test_minutes_are_updated_and_every_version_journaled(world):
    e = started_engagement(world, days_ago=100)
    r = review(world, e, "operational", days(-2), minutes="Premier jet")
    review_update_minutes(actor=world.actor("consultant"), review_id=r.pk, minutes="Version finale")
    r.refresh_from_db()
    assert r.minutes == "Version finale"
    entry = LedgerEntry.objects.across_workspaces().get(action="review.minutes_updated")
    assert entry.payload["before"] == "Premier jet"
    with pytest.raises(PermissionDenied):
        review_update_minutes(actor=world.actor("viewer"), review_id=r.pk, minutes="x")
    with pytest.raises(InvalidInput):
        review_update_minutes(actor=world.actor("consultant"), review_id=r.pk, minutes="a\x00b")


def test_a_quarter_without_its_committee_is_overdue_after_the_grace_days(world):
    """§4 cadence: the rule. Remove the overdue flag and this fails."""
    e = started_engagement(world, days_ago=400)
    cadence(world, e, strategic=True, starts_on=days(-400))
    governance = engagement_governance(actor=world.actor("viewer"), engagement=e)
    assert governance.overdue, "no committee held in a year: quarters are overdue"
    assert all(o.kind == "strategic" for o in governance.overdue)
    oldest = governance.overdue[0]
    # One committee held in that quarter clears it.
    review(world, e, "strategic", oldest.period.start)
    after = engagement_governance(actor=world.actor("viewer"), engagement=e)
    assert oldest.period.start not in [o.period.start for o in after.overdue]
    assert len(after.overdue) == len(governance.overdue) - 1
    # Within the grace days the last quarter is not flagged yet.
    grace = world.workspace.review_grace_days
    for o in after.overdue:
        assert (TODAY - o.period.end).days > grace


def test_next_due_per_kind_and_nothing_due_before_activation(world):
    e = started_engagement(world, days_ago=20)
    cadence(world, e, operational=True, tactical=True)
    governance = engagement_governance(actor=world.actor("owner"), engagement=e)
    kinds = [k for k, _d in governance.next_due]
    assert kinds == ["operational", "tactical"]
    assert all(d >= days(-7) for _k, d in governance.next_due)
    draft = started_engagement(world, days_ago=300, title="Brouillon", activate=False)
    cadence(world, draft, strategic=True)
    assert engagement_governance(actor=world.actor("owner"), engagement=draft).overdue == []


def test_overdue_reviews_across_the_workspace_oldest_first_and_bounded(world):
    a = started_engagement(world, days_ago=200, title="A")
    b = started_engagement(world, days_ago=100, title="B", client=world.other_client)
    cadence(world, a, tactical=True)
    cadence(world, b, tactical=True)
    rows = overdue_reviews(actor=world.actor("viewer"), limit=50)
    assert rows, "months without their review"
    ends = [r.overdue.period.end for r in rows]
    assert ends == sorted(ends)
    assert rows[0].engagement.pk == a.pk
    assert len(overdue_reviews(actor=world.actor("viewer"), limit=2)) == 2
    only_b = overdue_reviews(actor=world.actor("viewer"), client=world.other_client, limit=50)
    assert {r.engagement.pk for r in only_b} == {b.pk}
    # Another workspace sees none of them.
    assert overdue_reviews(actor=world.actor("other_workspace")) == []


def test_reviews_held_since_counts_due_held_and_overdue_for_a_client(world):
    e = started_engagement(world, days_ago=400)
    cadence(world, e, strategic=True, starts_on=days(-400))
    before = reviews_held_since(actor=world.actor("owner"), client=world.client, since=days(-365))
    assert before.held == 0 and before.due >= 3 and before.overdue == before.due
    for o in engagement_governance(actor=world.actor("owner"), engagement=e).overdue:
        review(world, e, "strategic", o.period.start)
    after = reviews_held_since(actor=world.actor("owner"), client=world.client, since=days(-365))
    assert after.held == after.due == before.due and after.overdue == 0


def test_the_overdue_read_costs_the_same_whatever_the_number_of_reviews(
    world, django_assert_max_num_queries
):
    e = started_engagement(world, days_ago=360)
    cadence(world, e, operational=True, starts_on=days(-360))
    owner = world.actor("owner")
    with django_assert_max_num_queries(2):
        overdue_reviews(actor=owner)
    for week in range(0, 350, 7):
        review(world, e, "operational", days(-week))
    with django_assert_max_num_queries(2):
        rows = overdue_reviews(actor=owner)
    assert len(rows) < 8
