"""What billing adds to the engagement page: the deposit (R-DEPOSIT), money, invoices and
payments, with their actions."""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from pacte.clients.listing import (
    ClientFilter,
    count_column,
    register_client_column,
    register_client_filter,
)
from pacte.clients.panels import PAGE as CLIENT_PAGE
from pacte.clients.timeline import TimelineSource, register_timeline_source
from pacte.engagements.models import EngagementStatus
from pacte.engagements.next_steps import NextSteps, register_next_steps
from pacte.engagements.panels import PAGE, client_engagements
from pacte.engagements.selectors import available_moves, client_engagement_keys, newest
from pacte.kernel.actions import Action, fresh_form, register_action, row_form
from pacte.kernel.charts import BarPoint, bar_chart, month_label
from pacte.kernel.panels import Panel, once_per_page, register_panel
from pacte.kernel.permissions import Perm

from .forms import AdjustmentForm, FinalInvoiceForm, InvoiceForm, PaymentForm
from .models import Invoice, InvoiceKind, Payment
from .selectors import (
    client_open_invoices,
    client_payment_record,
    engagement_billing,
    overdue_invoices,
)
from .services import (
    invoice_create,
    payment_record,
    settlement_issue_final_invoice,
    settlement_record_refund,
    settlement_write_off,
)
from .settlement import ENDING, FORMULA, client_settlements, engagement_settlement


def billing_of(actor, engagement):
    """The engagement's invoices and money, read once per page (three panels, next steps)."""
    return once_per_page(
        engagement, "billing", lambda: engagement_billing(actor=actor, engagement=engagement)
    )


def deposit_and_overdue_steps(*, actor, engagement, today) -> list[str]:
    """R-DEPOSIT first, then the invoices to chase."""
    o = billing_of(actor, engagement)
    steps = []
    if engagement.status in {EngagementStatus.DRAFT, EngagementStatus.AWAITING_DEPOSIT}:
        if not any(i.kind == InvoiceKind.DEPOSIT for i in o.invoices):
            steps.append(
                gettext("Issue the deposit invoice (%(amount)s) before any work starts.")
                % {"amount": o.deposit_required.display()}
            )
        elif o.deposit_paid < o.deposit_required:
            steps.append(
                gettext("Wait for the deposit: %(paid)s of %(required)s received.")
                % {"paid": o.deposit_paid.display(), "required": o.deposit_required.display()}
            )
        else:
            steps.append(gettext("The deposit is paid: activate the engagement."))
    for invoice in o.overdue:
        days = (today - invoice.due_on).days
        steps.append(
            ngettext(
                "Chase invoice %(invoice)s: %(balance)s overdue by %(days)s day.",
                "Chase invoice %(invoice)s: %(balance)s overdue by %(days)s days.",
                days,
            )
            % {"invoice": invoice, "balance": invoice.balance_money.display(), "days": days}
        )
    return steps


def deposit_panel(*, actor, obj, forms):
    override = None
    moves = available_moves(actor=actor, obj=obj)
    if any(m.name == "override_deposit" for m in moves):
        override = fresh_form(actor, obj, PAGE, "override-deposit", forms)
    return {"o": billing_of(actor, obj), "override_form": override}


def money_panel(*, actor, obj, forms):
    return {"o": billing_of(actor, obj)}


def invoices_panel(*, actor, obj, forms):
    o = billing_of(actor, obj)
    can_edit = actor.can(Perm.BILLING_EDIT)
    rows = [
        (
            invoice,
            row_form(actor, obj, PAGE, "payment", forms, invoice.pk)
            if can_edit and not invoice.is_paid
            else None,
        )
        for invoice in o.invoices
    ]
    return {
        "o": o,
        "invoice_rows": rows,
        "invoice_form": fresh_form(actor, obj, PAGE, "invoice", forms) if can_edit else None,
    }


def _ending(actor, engagement) -> bool:
    return engagement.status in ENDING


def settlement_panel(*, actor, obj, forms):
    """The final settlement (solde de tout compte): its figures, the formula in words, and
    what settles it — the final-balance invoice, a write-off, or a refund (four queries)."""
    s = engagement_settlement(actor=actor, engagement=obj)
    can_invoice = actor.can(Perm.BILLING_EDIT) and s.to_invoice.amount > 0
    can_adjust = actor.can(Perm.SETTLEMENT_ADJUST)
    return {
        "s": s,
        "formula": FORMULA,
        "final_form": fresh_form(actor, obj, PAGE, "settlement-final-invoice", forms)
        if can_invoice
        else None,
        "write_off_form": fresh_form(actor, obj, PAGE, "settlement-write-off", forms)
        if can_adjust and s.client_owes
        else None,
        "refund_form": fresh_form(actor, obj, PAGE, "settlement-refund", forms)
        if can_adjust and s.we_owe
        else None,
    }


def overdue_panel(*, actor, obj, forms):
    invoices = overdue_invoices(actor=actor)
    return {"invoices": invoices} if invoices else None


def register():
    register_next_steps(NextSteps("billing", 10, deposit_and_overdue_steps))
    register_panel(
        Panel(
            "dashboard",
            "overdue-invoices",
            "billing/panels/overdue.html",
            overdue_panel,
            24,
            perm=Perm.INTERNAL_VIEW,
            group="attention",
        )
    )
    register_panel(Panel(PAGE, "deposit", "billing/panels/deposit.html", deposit_panel, 20))
    register_panel(Panel(PAGE, "money", "billing/panels/money.html", money_panel, 30))
    register_panel(Panel(PAGE, "invoices", "billing/panels/invoices.html", invoices_panel, 40))
    register_settlement()
    register_action(
        Action(
            page=PAGE,
            name="invoice",
            perm=Perm.BILLING_EDIT,
            panel="invoices",
            service=invoice_create,
            success=_("Invoice recorded."),
            form=InvoiceForm,
            object_kw="engagement_id",
        )
    )
    register_action(
        Action(
            page=PAGE,
            name="payment",
            perm=Perm.BILLING_EDIT,
            panel="invoices",
            service=payment_record,
            success=_("Payment recorded."),
            form=PaymentForm,
            row_model=Invoice,
            row_parent="engagement",
            row_kw="invoice_id",
        )
    )


def register_settlement():
    """The final settlement on the engagement page, once it is closing, closed or terminated."""
    register_panel(
        Panel(
            PAGE,
            "settlement",
            "billing/panels/settlement.html",
            settlement_panel,
            25,
            perm=Perm.BILLING_VIEW,
            applies=_ending,
        )
    )
    for name, service, success in (
        (
            "settlement-final-invoice",
            settlement_issue_final_invoice,
            _("Final-balance invoice issued."),
        ),
        ("settlement-write-off", settlement_write_off, _("Write-off recorded.")),
        ("settlement-refund", settlement_record_refund, _("Refund recorded.")),
    ):
        register_action(
            Action(
                page=PAGE,
                name=name,
                perm=Perm.BILLING_EDIT
                if name == "settlement-final-invoice"
                else Perm.SETTLEMENT_ADJUST,
                panel="settlement",
                service=service,
                success=success,
                form=FinalInvoiceForm if name == "settlement-final-invoice" else AdjustmentForm,
                object_kw="engagement_id",
            )
        )


# The client page, the client list and the portal home: what billing adds there.


PORTAL_HOME = "portal-home"


CHART_INVOICES = 24  # the latest ones: more bars would be too thin to read at 390 px


def _days_late_label(row) -> str:
    days = row.days_late
    if row.open:
        return ngettext("%(days)d day late, unpaid", "%(days)d days late, unpaid", days) % {
            "days": days
        }
    if days > 0:
        return ngettext("%(days)d day late", "%(days)d days late", days) % {"days": days}
    if days < 0:
        return ngettext("%(days)d day early", "%(days)d days early", -days) % {"days": -days}
    return gettext("on the due date")


def punctuality_chart(lateness, *, ident: str = "punctuality-chart"):
    """Days late per invoice over time, by due date: a bar per invoice paid or due."""
    rows = lateness[-CHART_INVOICES:]
    if not rows:
        return None
    points = []
    for row in rows:
        name = row.number or f"{row.kind_label} {date_format(row.issued_on, 'SHORT_DATE_FORMAT')}"
        due = date_format(row.due_on, "SHORT_DATE_FORMAT")
        value_label = _days_late_label(row)
        points.append(
            BarPoint(
                label=name,
                value=row.days_late,
                css="open" if row.open else "",
                value_label=value_label,
                axis_label=month_label(row.due_on, year=True),
                row=(
                    name,
                    due,
                    date_format(row.paid_on, "SHORT_DATE_FORMAT")
                    if row.paid_on
                    else gettext("Unpaid"),
                    value_label,
                ),
            )
        )
    late = sum(1 for row in rows if row.days_late > 0)
    desc = ngettext(
        "%(count)d invoice paid or due, from %(first)s to %(last)s; %(late)d late. "
        "Bars above the line are days late, below it days early.",
        "%(count)d invoices paid or due, from %(first)s to %(last)s; %(late)d late. "
        "Bars above the line are days late, below it days early.",
        len(rows),
    ) % {
        "count": len(rows),
        "first": date_format(rows[0].due_on, "SHORT_DATE_FORMAT"),
        "last": date_format(rows[-1].due_on, "SHORT_DATE_FORMAT"),
        "late": late,
    }
    return bar_chart(
        points,
        title=gettext("Days late per invoice"),
        desc=desc,
        columns=(gettext("Invoice"), gettext("Due on"), gettext("Paid on"), gettext("Days late")),
        ident=ident,
        min_top=10,
    )


def punctuality_panel(*, actor, obj, forms):
    record = client_payment_record(actor=actor, client=obj)
    return {"punctuality": record.punctuality, "chart": punctuality_chart(record.lateness)}


def open_invoices_panel(*, actor, obj, forms):
    return {"open_invoices": client_open_invoices(actor=actor, client=obj)}


def portal_settlement_panel(*, actor, obj, forms):
    """The final settlement of the client's engagements that end or ended, said to the client."""
    # The client's engagements are read once for the page (engagements' portal panel): no
    # query when none is ending, the settlement's four when some are.
    ending = [e for e in client_engagements(actor, obj) if e.status in ENDING]
    settlements = client_settlements(actor=actor, client=obj, engagements=ending)
    return {"settlements": settlements, "formula": FORMULA} if settlements else None


def _invoices_on_timeline(*, actor, client, limit):
    # The client's own rows, sorted here (see engagements.selectors.client_engagement_keys).
    rows = (
        Invoice.objects.for_actor(actor)
        .filter(engagement__in=client_engagement_keys(client))
        .select_related("engagement")
        .order_by()
    )
    return [(i.issued_on, i) for i in newest(rows, lambda i: (i.issued_on, i.pk), limit)]


def _payments_on_timeline(*, actor, client, limit):
    invoices = (
        Invoice.objects.in_workspace(client.workspace_id)
        .filter(engagement__in=client_engagement_keys(client))
        .values("pk")
    )
    rows = (
        Payment.objects.for_actor(actor)
        .filter(invoice__in=invoices)
        .select_related("invoice")
        .order_by()
    )
    return [(p.paid_on, p) for p in newest(rows, lambda p: (p.paid_on, p.pk), limit)]


def _overdue_of_row():
    # Correlated to client rows that the outer query scopes to the actor's workspace.
    return Invoice.objects.filter(
        engagement__client=OuterRef("pk"),
        paid_in_full_on__isnull=True,
        due_on__lt=timezone.localdate(),
    )


def _late_payers(*, actor, qs):
    return qs.filter(Exists(_overdue_of_row()))


def register_client_panels():
    register_panel(
        Panel(
            CLIENT_PAGE,
            "punctuality",
            "billing/client/punctuality.html",
            punctuality_panel,
            20,
            perm=Perm.BILLING_VIEW,
        )
    )
    register_timeline_source(
        TimelineSource(
            "invoice", "billing/client/timeline_invoice.html", _invoices_on_timeline, order=30
        )
    )
    register_timeline_source(
        TimelineSource(
            "payment", "billing/client/timeline_payment.html", _payments_on_timeline, order=40
        )
    )
    register_client_filter(ClientFilter("late_payer", _("Overdue invoices"), _late_payers, 30))
    register_client_column(
        count_column(
            "overdue",
            _("Overdue invoices"),
            _overdue_of_row,
            "billing/client/list_cell.html",
            attribute="overdue_count",
            field_name="overdue_invoices",
            cli_header="Overdue",
            order=20,
        )
    )
    register_panel(
        Panel(
            PORTAL_HOME,
            "open-invoices",
            "billing/portal/open_invoices.html",
            open_invoices_panel,
            40,
            perm=Perm.BILLING_VIEW,
        )
    )
    register_panel(
        Panel(
            PORTAL_HOME,
            "settlement",
            "billing/portal/settlement.html",
            portal_settlement_panel,
            45,
            perm=Perm.BILLING_VIEW,
        )
    )
