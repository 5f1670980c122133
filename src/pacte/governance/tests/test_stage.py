"""§4 lifecycle stage: Pacte suggests a stage from the records, each suggestion naming its
rule (the lowest priority wins), and a person confirms it, with a date and a note; the
history is kept and journaled."""

import pytest

from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.governance import registries, stages
from pacte.governance.models import StageConfirmation
from pacte.governance.registries import LifecycleStage, StageRule, StageSuggestion
from pacte.governance.selectors import client_stage, relationship_of, stage_suggest
from pacte.governance.services import stage_confirm
from pacte.handoff.services import engagement_terminate
from pacte.kernel.errors import InvalidInput, PermissionDenied
from pacte.kernel.models import LedgerEntry

from .helpers import TODAY, cadence, days, review, started_engagement

pytestmark = pytest.mark.django_db


def advice(world, engagement, made, decision=None, on=None, title="Conseil"):
    rec = recommendation_create(
        actor=world.actor("owner"), engagement_id=engagement.pk, title=title, made_on=days(made)
    )
    if decision:
        recommendation_decide(
            actor=world.actor("owner"),
            recommendation_id=rec.pk,
            decision=decision,
            decided_by="Anne",
            decided_on=days(on if on is not None else made + 1),
        )
    return rec


def suggested(world, client=None):
    return stage_suggest(actor=world.actor("viewer"), client=client or world.client, today=TODAY)


def test_a_young_relationship_without_refusal_is_a_honeymoon(world):
    e = started_engagement(world, days_ago=60)
    advice(world, e, -50, "accepted")
    s = suggested(world)
    assert (s.stage, s.rule) == (LifecycleStage.HONEYMOON, "honeymoon")
    assert "no refusal" in s.reason


def test_refusals_in_the_first_months_suggest_a_power_struggle(world):
    """The issue's example: refusals in the first months → power struggle (it wins over the
    honeymoon, whose priority is lower)."""
    e = started_engagement(world, days_ago=100)
    advice(world, e, -90, "refused", title="Sauvegardes")
    advice(world, e, -80, "refused", title="HTTPS")
    s = suggested(world)
    assert (s.stage, s.rule) == (LifecycleStage.POWER_STRUGGLE, "power_struggle")
    assert "2 refusals" in s.reason


def test_several_deferrals_suggest_a_power_struggle_one_does_not(world):
    e = started_engagement(world, days_ago=150)
    advice(world, e, -140, "deferred", title="A")
    assert (
        stages.power_struggle(actor=world.actor("owner"), client=world.client, today=TODAY) is None
    )
    advice(world, e, -130, "deferred", title="B")
    assert suggested(world).rule == "power_struggle"


def test_a_reversed_refusal_past_the_first_months_suggests_power_sharing(world):
    e = started_engagement(world, days_ago=200)
    rec = advice(world, e, -180, "refused")
    assert suggested(world).rule == "power_struggle"
    recommendation_decide(
        actor=world.actor("owner"),
        recommendation_id=rec.pk,
        decision="accepted",
        decided_by="Anne",
        decided_on=days(-20),
    )
    s = suggested(world)
    assert (s.stage, s.rule) == (LifecycleStage.POWER_SHARING, "power_sharing")


def test_advice_mostly_accepted_suggests_power_sharing(world):
    e = started_engagement(world, days_ago=300)
    for n, decision in enumerate(["accepted", "accepted", "deferred"]):
        advice(world, e, -250 + n * 10, decision, title=f"C{n}")
    # The lone deferral was late in the first six months but is one: no struggle.
    assert suggested(world).rule == "power_sharing"


def test_three_years_with_regular_reviews_suggest_maturity(world):
    e = started_engagement(world, days_ago=4 * 366 + 5)
    cadence(world, e, strategic=True, starts_on=days(-4 * 366 - 5))
    assert suggested(world) is None or suggested(world).rule != "maturity"
    for offset in range(0, 420, 91):
        review(world, e, "strategic", days(-offset))
    s = suggested(world)
    assert (s.stage, s.rule) == (LifecycleStage.MATURITY, "maturity")
    assert "4 years" in s.reason


def test_an_engagement_terminated_recently_suggests_separation_first(world):
    e = started_engagement(world, days_ago=100)
    advice(world, e, -90, "refused")
    engagement_terminate(
        actor=world.actor("owner"),
        engagement_id=e.pk,
        terminated_by="client",
        reason="Rachat",
        terminated_on=days(-5),
    )
    s = suggested(world)
    assert (s.stage, s.rule) == (LifecycleStage.SEPARATION, "separation")


def test_no_record_no_suggestion(world):
    assert suggested(world) is None


def test_the_lowest_priority_wins(world, monkeypatch):
    calls = []

    def never(**kw):
        calls.append("never")
        return None

    def first(**kw):
        return StageSuggestion("commitment", "test_first", "x")

    monkeypatch.setattr(registries, "_stage_rules", registries.Registry("stage rule"))
    registries.register_stage_rule(StageRule("test_late", "late", first, priority=90))
    registries.register_stage_rule(StageRule("test_none", "none", never, priority=1))
    registries.register_stage_rule(
        StageRule(
            "test_early", "early", lambda **kw: StageSuggestion("maturity", "test_early", "y"), 5
        )
    )
    assert suggested(world).rule == "test_early" and calls == ["never"]


def test_a_person_confirms_the_stage_with_a_date_and_a_note_and_the_history_stays(world):
    started_engagement(world, days_ago=60)
    first = stage_confirm(
        actor=world.actor("manager"),
        client_id=world.client.pk,
        stage="honeymoon",
        note="Tout va bien",
        confirmed_on=days(-10),
    )
    assert first.suggested_rule == "honeymoon"
    stage_confirm(actor=world.actor("owner"), client_id=world.client.pk, stage="power_struggle")
    stage = client_stage(actor=world.actor("viewer"), client=world.client)
    assert stage.current.stage == "power_struggle" and stage.current.confirmed_on == TODAY
    assert [c.stage for c in stage.history] == ["power_struggle", "honeymoon"]
    entries = LedgerEntry.objects.across_workspaces().filter(action="stage.confirmed")
    assert entries.count() == 2
    assert entries.order_by("seq").first().payload["note"] == "Tout va bien"


@pytest.mark.parametrize("role", ["consultant", "viewer", "portal"])
def test_only_owners_and_managers_confirm(world, role):
    with pytest.raises(PermissionDenied):
        stage_confirm(actor=world.actor(role), client_id=world.client.pk, stage="maturity")
    assert not StageConfirmation.objects.across_workspaces().exists()


@pytest.mark.parametrize(
    "values", [{"stage": "divorce"}, {"stage": "maturity", "confirmed_on": days(3)}]
)
def test_bad_stage_input_writes_nothing(world, values):
    with pytest.raises(InvalidInput):
        stage_confirm(actor=world.actor("owner"), client_id=world.client.pk, **values)
    assert not StageConfirmation.objects.across_workspaces().exists()


def test_the_relationship_counts_from_the_first_engagement_or_the_client(world):
    assert relationship_of(actor=world.actor("owner"), client=world.client).months == 0
    started_engagement(world, days_ago=800, title="Ancien")
    started_engagement(world, days_ago=30, title="Récent")
    r = relationship_of(actor=world.actor("owner"), client=world.client)
    assert r.started_on == days(-800) and r.months in (25, 26)
