"""What billing adds to the engagement page: the deposit (R-DEPOSIT), money, invoices and
payments, with their actions."""

from django.utils.translation import gettext_lazy as _

from pacte.engagements.models import ENGAGEMENT_TRANSITIONS
from pacte.engagements.panels import PAGE, overview
from pacte.kernel.actions import Action, fresh_form, register_action, row_form
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from .forms import InvoiceForm, PaymentForm
from .models import Invoice
from .services import invoice_create, payment_record


def deposit_panel(*, actor, obj, forms):
    override = None
    if any(
        m.name == "override_deposit" for m in ENGAGEMENT_TRANSITIONS.available(actor, obj.status)
    ):
        override = fresh_form(actor, obj, PAGE, "override-deposit", forms)
    return {"o": overview(actor, obj), "override_form": override}


def money_panel(*, actor, obj, forms):
    return {"o": overview(actor, obj)}


def invoices_panel(*, actor, obj, forms):
    o = overview(actor, obj)
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


def register():
    register_panel(Panel(PAGE, "deposit", "billing/panels/deposit.html", deposit_panel, 20))
    register_panel(Panel(PAGE, "money", "billing/panels/money.html", money_panel, 30))
    register_panel(Panel(PAGE, "invoices", "billing/panels/invoices.html", invoices_panel, 40))
    register_action(
        Action(
            page=PAGE,
            name="invoice",
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
            panel="invoices",
            service=payment_record,
            success=_("Payment recorded."),
            form=PaymentForm,
            row_model=Invoice,
            row_parent="engagement",
            row_kw="invoice_id",
        )
    )
