"""Helpers shared by the risk tests: dates, counts, registering and reloading a risk."""

import datetime as dt

from django.utils import timezone

from pacte.decisions.models import Recommendation
from pacte.kernel.models import LedgerEntry
from pacte.risks.models import Risk
from pacte.risks.services import risk_create

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def counts():
    return tuple(
        model.objects.across_workspaces().count() for model in (Risk, Recommendation, LedgerEntry)
    )


def register(world, engagement, **kwargs):
    values = {
        "description": "Le prestataire précédent tarde à rendre le nom de domaine",
        "likelihood": "high",
        "impact": "high",
        "mitigation": "Demander le code de transfert dès la signature.",
    }
    values.update(kwargs)
    return risk_create(actor=world.actor("consultant"), engagement_id=engagement.pk, **values)


def reload(risk):
    return Risk.objects.in_workspace(risk.workspace_id).get(pk=risk.pk)
