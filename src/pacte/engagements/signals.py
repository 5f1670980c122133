"""The engagement's health signal (DOMAIN §5): the value given away (R-INVEST), and the small
helpers the signals of the apps above reuse (links to the evidence, percentages in words,
the engagements that are running).

Every measure answers for many subjects in a fixed number of queries (kernel.signals)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import DecimalField, FloatField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacte.kernel.signals import (
    CLIENT,
    ENGAGEMENT,
    HealthSignal,
    Reading,
    linear_score,
    register_signal,
)

from .models import ChangeRequest, ChangeRequestStatus, Engagement, EngagementStatus

# The engagements we work on now: a client's signal is read over these.
RUNNING = (EngagementStatus.ACTIVE, EngagementStatus.ON_HOLD, EngagementStatus.CLOSING)

_AMOUNT = DecimalField(max_digits=16, decimal_places=2)


def evidence_links(url_name: str, kwarg: str, anchor: str = "") -> Callable[[int], str]:
    """A function from an id to the member-face URL of `url_name` (with `#anchor`): reversed
    once, then the id put in, because a measure links thousands of subjects."""
    marker = 987654321
    head, tail = reverse(url_name, kwargs={kwarg: marker}).split(str(marker), 1)
    tail += f"#{anchor}" if anchor else ""
    return lambda pk: f"{head}{pk}{tail}"


def number_texts() -> Callable[[float], str]:
    """A function writing a number (a percentage, days) to one decimal at most, with the
    decimal separator of the active language: "22", "12,5". Looked up once per measure:
    Django's number_format, per reading, would cost more than the rest of the measure."""
    separator = formats.get_format("DECIMAL_SEPARATOR")

    def text(value: float) -> str:
        rounded = round(value, 1)
        if rounded == int(rounded):
            return str(int(rounded))
        return f"{rounded:.1f}".replace(".", separator)

    return text


def engagements_measured(
    workspace, level: str, subjects: QuerySet, *, running_only: bool = True
) -> QuerySet[Engagement]:
    """The engagements a signal reads: the subjects themselves (engagement level), or the
    engagements of the subject clients (client level): their running ones, or all of them
    when the signal looks at the client's whole history. A subquery, never a list."""
    engagements = Engagement.objects.in_workspace(workspace)
    if level == ENGAGEMENT:
        return engagements.filter(pk__in=subjects.values("pk"))
    engagements = engagements.filter(client__in=subjects.values("pk"))
    return engagements.filter(status__in=RUNNING) if running_only else engagements


def sums_by_subject(rows, *, by_client: bool) -> dict[int, list[float]]:
    """Rows of `(engagement id, client id, number, number…)` summed per subject: the
    engagement itself, or its client when a client is measured. A missing number counts 0."""
    totals: dict[int, list[float]] = {}
    for pk, client_id, *numbers in rows:
        subject = client_id if by_client else pk
        total = totals.get(subject)
        if total is None:
            totals[subject] = [number or 0.0 for number in numbers]
        else:
            for index, number in enumerate(numbers):
                total[index] += number or 0.0
    return totals


# R-INVEST: what the client gets without paying. 0 % is healthy; a fifth of the value given
# away (absorbed, or accepted and still not billed) is what an engagement cannot afford.
GIVEN_AWAY_HEALTHY = 0
GIVEN_AWAY_ALARMING = 20


def _estimates(status: str) -> Cast:
    """The estimated amounts of the engagement's change requests in `status`, as a float (a
    share needs no cents, and a Decimal per row costs)."""
    total = Subquery(
        ChangeRequest.objects.filter(engagement=OuterRef("pk"), status=status)
        .order_by()
        .values("engagement")
        .annotate(total=Sum("estimate_amount"))
        .values("total")[:1],
        output_field=_AMOUNT,
    )
    return Cast(total, FloatField())


def measure_value_given_away(*, workspace, level, subjects, today) -> dict[int, Reading]:
    """R-INVEST: the change requests absorbed (done for free) and those accepted but not
    billed yet, at their estimated amount, as a share of the engagement's value; for a
    client, over its running engagements, weighted by their value. An engagement without a
    value says nothing. One query."""
    rows = (
        engagements_measured(workspace, level, subjects)
        .filter(value__gt=0)
        .order_by()
        .annotate(
            value_f=Cast("value", FloatField()),
            absorbed=_estimates(ChangeRequestStatus.ABSORBED),
            unbilled=_estimates(ChangeRequestStatus.ACCEPTED),
        )
        .values_list("pk", "client_id", "value_f", "absorbed", "unbilled")
    )
    by_client = level == CLIENT
    totals = sums_by_subject(rows, by_client=by_client)  # subject: [value, absorbed, unbilled]
    link = (
        evidence_links("client_detail", "client_id", "engagements")
        if by_client
        else evidence_links("engagement_detail", "engagement_id", "change-requests")
    )
    number_text = number_texts()
    nothing = gettext("Nothing given away: no change request absorbed or left unbilled")
    some = gettext(
        "%(percent)s %% of the value given away (%(absorbed)s %% absorbed, "
        "%(unbilled)s %% accepted and not billed yet)"
    )
    readings = {}
    for subject, (value, absorbed, unbilled) in totals.items():
        share = (absorbed + unbilled) / value * 100
        if not share:
            shown = nothing
        else:
            shown = some % {
                "percent": number_text(share),
                "absorbed": number_text(absorbed / value * 100),
                "unbilled": number_text(unbilled / value * 100),
            }
        readings[subject] = Reading(
            value=round(share, 1),
            shown=shown,
            score=linear_score(share, healthy=GIVEN_AWAY_HEALTHY, alarming=GIVEN_AWAY_ALARMING),
            evidence=link(subject),
        )
    return readings


VALUE_GIVEN_AWAY = HealthSignal(
    key="value_given_away",
    rule="R-INVEST",
    label=_("Value given away"),
    explanation=_(
        "Change requests absorbed (done for free) and those accepted but not billed yet, at "
        "their estimate, as a share of the engagement's value; for a client, over its running "
        "engagements weighted by their value. 100 when nothing is given away, 0 from a fifth "
        "of the value, in a straight line between. Low commitment often comes with low regard "
        "for the work."
    ),
    weight=10,
    measure=measure_value_given_away,
    order=20,
)


def register() -> None:
    register_signal(VALUE_GIVEN_AWAY)
