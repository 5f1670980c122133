"""The final settlement, solde de tout compte (DOMAIN §3): what the client and we still owe each
other when an engagement ends, whoever ends it.

The formula, in plain words (the engagement page, the dossier and the portal show it):

    balance = (invoiced − paid)                       what is invoiced and still unpaid
            + time not invoiced                       time and materials only, see below
            + changes accepted and not billed          at their estimate
            − written off                              what we gave up, with a reason, and did
                                                       not deduct from an invoice already
            + refunded                                 what we paid back or credited

    not invoiced   = time not invoiced + changes accepted and not billed
    to invoice     = max(0, not invoiced − written off)     what the final-balance invoice bills

A **write-off** reduces what is left to invoice first, then what is invoiced and unpaid. The
final-balance invoice bills what is not invoiced *net* of the write-offs not deducted yet, and
records the part it deducted (`Invoice.written_off_deducted`): that part of the work is then
both covered by the invoice (it counts as invoiced time, so no second final invoice bills it
again) and out of the balance's *written off* (it is inside the invoice's lower amount, so it is
not taken off twice). In figures: `written_off` is every write-off, `written_off_deducted` the
part deducted on final-balance invoices, and the formula's *written off* is their difference
(`written_off_counted`). Issuing the final-balance invoice never moves the balance: invoiced
grows by *to invoice*, *not invoiced* falls to zero and the deducted part leaves *written off*,
and to invoice − not invoiced + deducted = 0.

- **Invoiced** counts every invoice, the deposit invoice included: the house issues the
  final-balance invoice net of the deposit (the deposit is the first instalment of the price),
  so the invoices of a fixed price add up to the price.
- **Deposit held** is what was paid against the deposit invoice(s). It is part of *paid* and is
  shown apart because it is the money we hold.
- **Time not invoiced** exists only for a time-and-materials engagement with an hourly rate:
  the hours logged at the rate, less what was invoiced for time (every invoice but the
  change-request invoices, plus the write-offs deducted on final-balance invoices, less the
  changes a final-balance invoice billed). It is negative when
  we invoiced ahead of the work, for example a deposit larger than the hours done: that part of
  the deposit is owed back. For the other kinds the price covers the time: the hours are shown,
  not valued.
- **Changes accepted and not billed** are valued at their estimated amount (or their estimated
  hours at the hourly rate when no amount was given). **Absorbed** changes (done for free) are
  shown, counted and valued the same way, but never due.
- **Balance** above zero: the client owes us; below zero: we owe the client.

The writes are in `billing.services`. Issuing the final-balance invoice turns the part *not
invoiced yet* (time and changes) into an invoice, so the balance does not move until it is
paid; a write-off brings it down, a refund brings a negative one back up. Amounts are Decimals
in the engagement's currency, rounded to the cent half up as `kernel.money` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.engagements.models import (
    ChangeRequest,
    ChangeRequestStatus,
    Engagement,
    EngagementKind,
    EngagementStatus,
    TimeEntry,
)
from pacte.kernel.errors import Conflict
from pacte.kernel.money import CENT, Money
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import AdjustmentKind, Invoice, InvoiceKind, SettlementAdjustment

# The settlement can be acted on (final invoice, write-off, refund) once the engagement ends.
ENDING = (EngagementStatus.CLOSING, EngagementStatus.CLOSED, EngagementStatus.TERMINATED)


# The formula, in the words the pages and the API show.
FORMULA = gettext_lazy(
    "Balance = invoiced − paid + time not invoiced + changes accepted and not billed − written "
    "off + refunded. A write-off first reduces what is left to invoice: the final-balance "
    "invoice is issued net of it, and it is not counted twice. Above zero the client owes us; "
    "below zero we owe the client. Absorbed changes are shown but never due."
)


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Settlement:
    """The final settlement's figures (see the module's docstring for the formula)."""

    engagement: Engagement
    invoiced: Money
    paid: Money
    deposit_held: Money
    hours_logged: Decimal
    time_valued: bool  # time and materials with an hourly rate
    hourly_rate: Money | None
    time_value: Money  # every hour logged at the rate (zero when not valued)
    time_invoiced: Money
    unbilled_time: Money  # may be negative: invoiced ahead of the work
    unbilled_changes_count: int
    unbilled_changes: Money
    absorbed_count: int
    absorbed: Money
    written_off: Money  # every write-off
    written_off_deducted: Money  # the part deducted on final-balance invoices
    refunded: Money

    @property
    def currency(self) -> str:
        return self.engagement.currency

    @property
    def outstanding(self) -> Money:
        """Invoiced and not paid yet."""
        return self.invoiced - self.paid

    @property
    def not_invoiced(self) -> Money:
        """Time and changes not invoiced yet: what the final-balance invoice bills."""
        return self.unbilled_time + self.unbilled_changes

    @property
    def written_off_counted(self) -> Money:
        """The write-offs the balance still takes off: every write-off less the part a
        final-balance invoice deducted already (that part is inside its lower amount)."""
        return self.written_off - self.written_off_deducted

    @property
    def balance(self) -> Money:
        return self.outstanding + self.not_invoiced - self.written_off_counted + self.refunded

    @property
    def unbilled_hours(self) -> Decimal | None:
        """The hours the time not invoiced stands for (time and materials only)."""
        if not self.time_valued:
            return None
        if self.unbilled_time.amount <= 0:
            return Decimal("0.00")
        return _cents(self.unbilled_time.amount / self.hourly_rate.amount)

    @property
    def client_owes(self) -> bool:
        return self.balance.amount > 0

    @property
    def we_owe(self) -> bool:
        return self.balance.amount < 0

    @property
    def we_owe_amount(self) -> Money:
        return Money(-self.balance.amount, self.currency)

    @property
    def to_invoice(self) -> Money:
        """What the final-balance invoice would bill: what is not invoiced yet, net of the
        write-offs not deducted yet (a write-off reduces what is left to invoice first)."""
        amount = self.not_invoiced.amount - self.written_off_counted.amount
        return Money(max(amount, Decimal("0.00")), self.currency)

    @property
    def to_deduct(self) -> Money:
        """The part of the write-offs the final-balance invoice deducts: what it covers but
        does not bill (not invoiced − to invoice, never below zero)."""
        covered = max(self.not_invoiced.amount, Decimal("0.00"))
        return Money(covered - self.to_invoice.amount, self.currency)

    @property
    def is_ending(self) -> bool:
        return self.engagement.status in ENDING

    def figures(self) -> dict[str, str]:
        """The figures as canonical text (`12.50 EUR`): the ledger's and the API's."""
        return {
            "invoiced": str(self.invoiced),
            "paid": str(self.paid),
            "deposit_held": str(self.deposit_held),
            "hours_logged": str(self.hours_logged),
            "unbilled_time": str(self.unbilled_time),
            "unbilled_changes": str(self.unbilled_changes),
            "unbilled_changes_count": self.unbilled_changes_count,
            "absorbed": str(self.absorbed),
            "absorbed_count": self.absorbed_count,
            "written_off": str(self.written_off),
            "written_off_deducted": str(self.written_off_deducted),
            "refunded": str(self.refunded),
            "balance": str(self.balance),
        }


def _change_value(change: dict, rate: Decimal | None) -> Decimal:
    if change["estimate_amount"] is not None:
        return change["estimate_amount"]
    if change["estimate_hours"] is not None and rate:
        return _cents(change["estimate_hours"] * rate)
    return Decimal(0)


def engagement_settlement(*, actor: Actor, engagement: Engagement) -> Settlement:
    """The engagement's final settlement, in four queries whatever its size: the invoices by
    kind, the time logged, the change requests that count, the adjustments by kind.

    A portal actor reads it only once the engagement ends (closing, closed or terminated),
    like the portal page: a running engagement's hours, rate and unbilled time are the
    provider's (409 `not_ending`). Members read it at any status."""
    if actor.is_portal and engagement.status not in ENDING:
        raise Conflict(
            _(
                "The final settlement is shown once the engagement is closing, closed or "
                "terminated."
            ),
            code="not_ending",
        )
    return settlements_of(actor=actor, engagements=[engagement])[engagement.pk]


def settlements_of(*, actor: Actor, engagements) -> dict[int, Settlement]:
    """The final settlement of each engagement (by id), in four queries however many there
    are (the portal lists its client's engagements that end)."""
    actor.require(Perm.BILLING_VIEW)
    return _settlements_read(actor, engagements)


def settlement_for_ledger(*, workspace, engagement: Engagement) -> Settlement:
    """The settlement's figures read for the workspace itself, whoever acts: the services
    that end an engagement journal them (`billing.services.settlement_produce`), and ending
    an engagement needs no billing permission of its own. Internal: never shown to an actor
    through this function."""
    return _settlements_read(Actor.system(workspace), [engagement])[engagement.pk]


def _settlements_read(actor: Actor, engagements) -> dict[int, Settlement]:
    engagements = list(engagements)
    if not engagements:
        return {}
    keys = [e.pk for e in engagements]
    zero = Decimal(0)
    sums = {
        pk: {
            "invoiced": zero,
            "paid": zero,
            "deposit_held": zero,
            "change_invoiced": zero,
            "minutes": 0,
            "unbilled": zero,
            "unbilled_count": 0,
            "absorbed": zero,
            "absorbed_count": 0,
            "billed_on_final": zero,
            "deducted": zero,
            **dict.fromkeys(AdjustmentKind.values, zero),
        }
        for pk in keys
    }
    rates = {e.pk: e.hourly_rate for e in engagements}

    for row in (
        Invoice.objects.for_actor(actor)
        .filter(engagement__in=keys)
        .order_by()
        .values("engagement", "kind")
        .annotate(
            amount=Sum("amount"), paid=Sum("paid_amount"), deducted=Sum("written_off_deducted")
        )
    ):
        total = sums[row["engagement"]]
        total["invoiced"] += row["amount"]
        total["paid"] += row["paid"]
        total["deducted"] += row["deducted"]
        if row["kind"] == InvoiceKind.DEPOSIT:
            total["deposit_held"] += row["paid"]
        if row["kind"] == InvoiceKind.CHANGE_REQUEST:
            total["change_invoiced"] += row["amount"]

    # Time entries are the provider's own rows, out of the portal's reach; their total is
    # not: the client's people see the settlement's hours. The engagements were reached through
    # the actor, so their workspace and ids scope the read; only sums leave it.
    for row in (
        TimeEntry.objects.in_workspace(actor.workspace)
        .filter(engagement__in=keys)
        .order_by()
        .values("engagement")
        .annotate(minutes=Sum("minutes"))
    ):
        sums[row["engagement"]]["minutes"] = row["minutes"] or 0

    for change in (
        ChangeRequest.objects.for_actor(actor)
        .filter(
            engagement__in=keys,
            status__in=[
                ChangeRequestStatus.ACCEPTED,
                ChangeRequestStatus.ABSORBED,
                ChangeRequestStatus.BILLED,
            ],
        )
        .order_by()
        .values("engagement", "status", "estimate_amount", "estimate_hours", "invoice__kind")
    ):
        total = sums[change["engagement"]]
        value = _change_value(change, rates[change["engagement"]])
        if change["status"] == ChangeRequestStatus.ACCEPTED:
            total["unbilled_count"] += 1
            total["unbilled"] += value
        elif change["status"] == ChangeRequestStatus.ABSORBED:
            total["absorbed_count"] += 1
            total["absorbed"] += value
        elif change["invoice__kind"] == InvoiceKind.FINAL_BALANCE:
            total["billed_on_final"] += value

    for row in (
        SettlementAdjustment.objects.for_actor(actor)
        .filter(engagement__in=keys)
        .order_by()
        .values("engagement", "kind")
        .annotate(total=Sum("amount"))
    ):
        sums[row["engagement"]][row["kind"]] += row["total"]

    return {e.pk: _settlement(e, sums[e.pk]) for e in engagements}


def _settlement(engagement: Engagement, t: dict) -> Settlement:
    currency = engagement.currency
    rate = engagement.hourly_rate
    minutes = t["minutes"]
    time_valued = engagement.kind == EngagementKind.TIME_AND_MATERIALS and bool(rate)
    zero = Decimal(0)
    if time_valued:
        time_value = _cents(Decimal(minutes) * rate / 60)
        # A final-balance invoice covers its amount and the write-off it deducted.
        time_invoiced = t["invoiced"] + t["deducted"] - t["change_invoiced"] - t["billed_on_final"]
        unbilled_time = time_value - time_invoiced
    else:
        time_value = time_invoiced = unbilled_time = zero

    def m(amount: Decimal) -> Money:
        return Money(_cents(Decimal(amount)), currency)

    return Settlement(
        engagement=engagement,
        invoiced=m(t["invoiced"]),
        paid=m(t["paid"]),
        deposit_held=m(t["deposit_held"]),
        hours_logged=_cents(Decimal(minutes) / 60),
        time_valued=time_valued,
        hourly_rate=m(rate) if rate else None,
        time_value=m(time_value),
        time_invoiced=m(time_invoiced),
        unbilled_time=m(unbilled_time),
        unbilled_changes_count=t["unbilled_count"],
        unbilled_changes=m(t["unbilled"]),
        absorbed_count=t["absorbed_count"],
        absorbed=m(t["absorbed"]),
        written_off=m(t[AdjustmentKind.WRITE_OFF]),
        written_off_deducted=m(t["deducted"]),
        refunded=m(t[AdjustmentKind.REFUND]),
    )


# The portal shows the client the settlement of its engagements that end or ended.
PORTAL_SETTLEMENTS = 10


def client_settlements(*, actor: Actor, client, engagements=None) -> list[Settlement]:
    """The settlements of the client's engagements that are closing, closed or terminated,
    the newest first (at most PORTAL_SETTLEMENTS). `engagements`, when the page has read the
    client's engagements already, saves the query that lists them."""
    actor.require(Perm.BILLING_VIEW)
    if engagements is None:
        engagements = Engagement.objects.for_actor(actor).filter(client=client, status__in=ENDING)
    ending = [e for e in engagements if e.client_id == client.pk and e.status in ENDING]
    ending.sort(key=lambda e: (e.created_at, e.pk), reverse=True)
    ending = ending[:PORTAL_SETTLEMENTS]
    found = settlements_of(actor=actor, engagements=ending)
    return [found[e.pk] for e in ending]
