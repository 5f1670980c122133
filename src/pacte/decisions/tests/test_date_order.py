"""Impossible date orders are refused with a clear code: a decision before its recommendation,
a termination before the activation (which would back-date the handoff plan)."""

import datetime as dt

import pytest
from django.test import Client as HttpClient

from pacte.decisions.models import Decision
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.models import Engagement
from pacte.engagements.services import engagement_create, engagement_override_deposit
from pacte.handoff.models import HandoffPlan
from pacte.handoff.services import engagement_terminate
from pacte.kernel.errors import InvalidInput

pytestmark = pytest.mark.django_db


def started_engagement(world, on: dt.date):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="Refonte", value="1000.00"
    )
    engagement_override_deposit(actor=owner, engagement_id=engagement.pk, reason="Client fidèle")
    Engagement.objects.in_workspace(world.workspace).filter(pk=engagement.pk).update(
        activated_on=on
    )
    return engagement


def test_a_decision_dated_before_its_recommendation_is_refused(world):
    owner = world.actor("owner")
    engagement = started_engagement(world, dt.date(2026, 1, 5))
    rec = recommendation_create(
        actor=owner, engagement_id=engagement.pk, title="Sauvegardes", made_on="2026-06-10"
    )
    with pytest.raises(InvalidInput) as refused:
        recommendation_decide(
            actor=owner,
            recommendation_id=rec.pk,
            decision="refused",
            decided_by="M. Martin",
            decided_on="2026-06-09",
        )
    assert refused.value.code == "decided_before_recommendation"
    assert "decided_on" in refused.value.fields
    assert not Decision.objects.in_workspace(world.workspace).exists()
    # The same day is fine.
    recommendation_decide(
        actor=owner,
        recommendation_id=rec.pk,
        decision="refused",
        decided_by="M. Martin",
        decided_on="2026-06-10",
    )


def test_the_api_answers_400_with_the_code(world):
    owner = world.actor("owner")
    engagement = started_engagement(world, dt.date(2026, 1, 5))
    rec = recommendation_create(
        actor=owner, engagement_id=engagement.pk, title="CDN", made_on="2026-06-10"
    )
    token = world.token("owner")
    http = HttpClient(headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
    response = http.post(
        f"/api/v1/recommendations/{rec.pk}/decision",
        {"decision": "accepted", "decided_by": "Mme Roux", "decided_on": "2026-05-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "decided_before_recommendation"


def test_a_termination_dated_before_the_activation_is_refused(world):
    engagement = started_engagement(world, dt.date(2026, 3, 2))
    with pytest.raises(InvalidInput) as refused:
        engagement_terminate(
            actor=world.actor("owner"),
            engagement_id=engagement.pk,
            terminated_by="client",
            reason="Budget coupé",
            terminated_on="2026-03-01",
        )
    assert refused.value.code == "ended_before_start"
    engagement.refresh_from_db()
    assert engagement.status == "active"
    assert not HandoffPlan.objects.in_workspace(world.workspace).exists()
    ended = engagement_terminate(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        terminated_by="client",
        reason="Budget coupé",
        terminated_on="2026-03-02",
    )
    assert ended.status == "terminated"
    plan = HandoffPlan.objects.in_workspace(world.workspace).get(engagement=engagement)
    assert plan.requested_on == dt.date(2026, 3, 2)
