"""Helpers shared by the decision tests: an active engagement, recommendations and decisions."""

import datetime as dt

from django.utils import timezone

from pacte.billing.services import invoice_create, payment_record
from pacte.decisions.models import Decision, Recommendation
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.models import TimeEntry
from pacte.engagements.services import engagement_activate, engagement_create
from pacte.kernel.models import LedgerEntry

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def counts():
    return tuple(
        model.objects.across_workspaces().count()
        for model in (Recommendation, Decision, TimeEntry, LedgerEntry)
    )


def active_engagement(world, client=None):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=(client or world.client).pk, title="Refonte du site", value="9000"
    )
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="2700", due_on=TODAY
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="2700", paid_on=TODAY)
    return engagement_activate(actor=owner, engagement_id=engagement.pk)


def recommend(world, engagement=None, title="Passer le site en HTTPS", **kwargs):
    # Made a while ago, so that decisions can be dated in the past (never before it).
    kwargs.setdefault("made_on", days(-90))
    return recommendation_create(
        actor=world.actor("consultant"),
        engagement_id=(engagement or active_engagement(world)).pk,
        title=title,
        rationale="Les navigateurs affichent « non sécurisé ».",
        risk_if_not_followed="Perte de clients et de référencement.",
        **kwargs,
    )


def decide(world, rec, decision, *, actor="manager", on=None, **kwargs):
    values = {"decided_by": "Alice Martin", "note": ""}
    values.update(kwargs)
    return recommendation_decide(
        actor=world.actor(actor),
        recommendation_id=rec.pk,
        decision=decision,
        decided_on=on,
        **values,
    )


def reload(rec):
    return Recommendation.objects.in_workspace(rec.workspace_id).get(pk=rec.pk)
