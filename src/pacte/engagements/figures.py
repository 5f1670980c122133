"""Figures that apps above engagements compute for each engagement, as SQL.

Billing registers what the client paid on the deposit invoices (R-DEPOSIT's figure). The
engagement list, one engagement's read and the activation gate annotate engagements with the
registered figures, so this app never imports billing. A figure nobody registered reads as its
default: with no billing there is no deposit paid, and activation fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Expression, QuerySet

from pacte.kernel.money import Money
from pacte.kernel.panels import Registry

from .models import Engagement

DEPOSIT_PAID = "deposit_paid_amount"


@dataclass(frozen=True)
class Figure:
    name: str
    # An expression correlated to the engagement row (OuterRef("pk")).
    expression: Callable[[], Expression]
    default: Any


_figures: Registry[Figure] = Registry("engagement figure")


def register_figure(figure: Figure) -> Figure:
    return _figures.add((figure.name,), figure)


def with_figures(queryset: QuerySet[Engagement]) -> QuerySet[Engagement]:
    figures = _figures.entries()
    if not figures:
        return queryset
    return queryset.annotate(**{f.name: f.expression() for f in figures})


def figure(engagement: Engagement, name: str):
    """A registered figure of an engagement: annotated already, or read now (one query)."""
    if hasattr(engagement, name):
        return getattr(engagement, name)
    found = _figures.get((name,))
    if found is None:
        return None
    value = (
        Engagement.objects.in_workspace(engagement.workspace_id)
        .filter(pk=engagement.pk)
        .annotate(**{name: found.expression()})
        .values_list(name, flat=True)
        .first()
    )
    value = found.default if value is None else value
    setattr(engagement, name, value)
    return value


def deposit_paid_money(engagement: Engagement) -> Money:
    """What the client paid on the deposit, as billing computes it (nothing without billing)."""
    return Money(figure(engagement, DEPOSIT_PAID) or 0, engagement.currency)


def deposit_secured(engagement: Engagement) -> bool:
    """R-DEPOSIT: the deposit is paid in full, or an owner overrode it in writing."""
    return engagement.deposit_overridden or (
        deposit_paid_money(engagement) >= engagement.required_deposit
    )
