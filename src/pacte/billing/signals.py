"""Billing's health signals (DOMAIN §5): the deposit paid upfront (R-INVEST) and how late the
client pays (§1, payments). Each measure answers for many subjects in one query."""

from __future__ import annotations

import datetime as dt
import functools

from django.db.models import FloatField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from pacte.engagements.signals import (
    engagements_measured,
    evidence_links,
    number_texts,
    sums_by_subject,
)
from pacte.kernel.signals import CLIENT, HealthSignal, Reading, linear_score, register_signal

from .models import Invoice
from .selectors import deposit_paid_expression

# R-INVEST: the deposit paid is healthy from the workspace's default share of the value
# (`default_deposit_percent`, 30 % unless changed), alarming at nothing paid.


def measure_deposit_ratio(*, workspace, level, subjects, today) -> dict[int, Reading]:
    """R-INVEST: what the client paid on the deposit invoices as a share of the engagement's
    value; for a client, over its running engagements, weighted by their value. An
    engagement without a value says nothing. One query."""
    rows = (
        engagements_measured(workspace, level, subjects)
        .filter(value__gt=0)
        .order_by()
        # Floats: a ratio needs no cents, and a Decimal per row costs.
        .annotate(
            value_f=Cast("value", FloatField()),
            paid_f=Cast(deposit_paid_expression(), FloatField()),
        )
        .values_list("pk", "client_id", "value_f", "paid_f")
    )
    by_client = level == CLIENT
    totals = sums_by_subject(rows, by_client=by_client)  # subject: [value, paid]
    policy = float(workspace.default_deposit_percent)
    link = (
        evidence_links("client_detail", "client_id", "engagements")
        if by_client
        else evidence_links("engagement_detail", "engagement_id", "deposit")
    )
    number_text = number_texts()
    sentence = gettext("%(percent)s %% of the value paid upfront; the policy asks %(policy)s %%")
    policy_text = number_text(policy)
    readings = {}
    for subject, (value, paid) in totals.items():
        share = paid / value * 100
        readings[subject] = Reading(
            value=round(share, 1),
            shown=sentence % {"percent": number_text(share), "policy": policy_text},
            score=linear_score(share, healthy=policy, alarming=0),
            evidence=link(subject),
        )
    return readings


DEPOSIT_RATIO = HealthSignal(
    key="deposit_ratio",
    rule="R-INVEST",
    label=_("Deposit paid upfront"),
    explanation=_(
        "What the client paid on the deposit invoices, as a share of the engagement's value; "
        "for a client, over its running engagements weighted by their value. 100 from the "
        "workspace's default deposit (30 per cent unless changed), 0 when nothing was paid, in a "
        "straight line between. Low financial commitment often comes with low regard for "
        "the work."
    ),
    weight=15,
    measure=measure_deposit_ratio,
    order=10,
)


# §1, payments: an invoice paid on time is 0 days late; 60 days late on average is alarming.
LATENESS_WINDOW_DAYS = 365
LATENESS_HEALTHY_DAYS = 0
LATENESS_ALARMING_DAYS = 60


def measure_payment_lateness(*, workspace, level, subjects, today) -> dict[int, Reading]:
    """§1 payments: how late the invoices were paid, on average weighted by their amount,
    over the invoices paid in the last 12 months and those still unpaid past their due date
    (late up to today, however old). An invoice paid early counts as 0 days late; one not due
    yet says nothing. For a client, over all its engagements. No such invoice, no reading.
    One query."""
    engagements = engagements_measured(workspace, level, subjects, running_only=False)
    since = today - dt.timedelta(days=LATENESS_WINDOW_DAYS)
    by_client = level == CLIENT
    rows = (
        Invoice.objects.in_workspace(workspace)
        .filter(engagement__in=engagements.values("pk"))
        .filter(
            Q(paid_in_full_on__gte=since, paid_in_full_on__lte=today)
            | Q(paid_in_full_on__isnull=True, due_on__lt=today)
        )
        .order_by()
        # Amounts as floats: weights need no cents, and a Decimal per row costs.
        .annotate(weight=Cast("amount", FloatField()))
        .values_list(
            "engagement__client_id" if by_client else "engagement_id",
            "weight",
            "due_on",
            "paid_in_full_on",
        )
    )
    totals: dict[int, list] = {}  # subject: [amount, amount × days late, invoices, unpaid]
    for subject, amount, due_on, paid_on in rows:
        total = totals.get(subject)
        if total is None:
            total = totals[subject] = [0.0, 0.0, 0, 0]
        late = ((paid_on or today) - due_on).days
        total[0] += amount
        if late > 0:
            total[1] += amount * late
        total[2] += 1
        if paid_on is None:
            total[3] += 1
    link = (
        evidence_links("client_detail", "client_id", "punctuality")
        if by_client
        else evidence_links("engagement_detail", "engagement_id", "invoices")
    )
    number_text = number_texts()

    # Translated once per count: thousands of readings share a few counts.
    @functools.cache
    def on_time(count: int) -> str:
        return ngettext(
            "%(count)s invoice, paid on time", "%(count)s invoices, all paid on time", count
        ) % {"count": count}

    @functools.cache
    def late_over(count: int) -> str:
        return ngettext(
            "%(days)s days late on average, weighted by amount, over %(count)s invoice",
            "%(days)s days late on average, weighted by amount, over %(count)s invoices",
            count,
        )

    @functools.cache
    def overdue(count: int) -> str:
        return " · " + ngettext(
            "%(count)s invoice overdue and unpaid",
            "%(count)s invoices overdue and unpaid",
            count,
        ) % {"count": count}

    readings = {}
    for subject, (amount, weighted, count, unpaid) in totals.items():
        if amount <= 0:
            continue
        days = weighted / amount
        if not days and not unpaid:
            shown = on_time(count)
        else:
            shown = late_over(count) % {"days": number_text(days), "count": count}
        if unpaid:
            shown += overdue(unpaid)
        readings[subject] = Reading(
            value=round(days, 1),
            shown=shown,
            score=linear_score(
                days, healthy=LATENESS_HEALTHY_DAYS, alarming=LATENESS_ALARMING_DAYS
            ),
            evidence=link(subject),
        )
    return readings


PAYMENT_LATENESS = HealthSignal(
    key="payment_lateness",
    rule="§1 payments",
    label=_("Payment lateness"),
    explanation=_(
        "How many days after their due date the invoices were paid, on average weighted by "
        "their amount: those paid in the last 12 months, and those still unpaid past their "
        "due date, late up to today. An invoice paid early counts as on time. 100 when "
        "everything is paid on time, 0 from 60 days late on average, in a straight line "
        "between. No invoice paid or due, no reading."
    ),
    weight=15,
    measure=measure_payment_lateness,
    order=30,
)


def register() -> None:
    register_signal(DEPOSIT_RATIO)
    register_signal(PAYMENT_LATENESS)
