from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.kernel.money import Currency, Money
from pacte.kernel.tenancy import TenantManager, TenantModel, TenantQuerySet
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


class InvoiceKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    PROGRESS = "progress", _("Progress")
    CHANGE_REQUEST = "change_request", _("Change request")
    FINAL_BALANCE = "final_balance", _("Final balance")


class InvoiceQuerySet(TenantQuerySet):
    def billing_change_requests(self) -> InvoiceQuerySet:
        """The invoices that can bill a change request (reached as `engagement.invoices`): a
        change-request invoice, or the final-balance invoice of the settlement, which bills the
        changes accepted and not billed yet (see `billing.settlement`)."""
        return self.filter(kind__in=[InvoiceKind.CHANGE_REQUEST, InvoiceKind.FINAL_BALANCE])


class Invoice(TenantModel):
    """What was invoiced, when it is due, and what was paid (Pacte does not typeset it)."""

    objects = TenantManager.from_queryset(InvoiceQuerySet)()

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.PROTECT, related_name="invoices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InvoiceKind.choices)
    number = models.CharField(_("number"), max_length=40, blank=True, validators=SINGLE_LINE_TEXT)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    # Kept in step by the payment service, so lists can sort and filter without summing.
    paid_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0, editable=False)
    paid_in_full_on = models.DateField(null=True, blank=True, editable=False)
    # A final-balance invoice is issued net of the write-offs not deducted yet: the part it
    # deducted, covered by the invoice but not billed (billing.settlement).
    written_off_deducted = models.DecimalField(
        max_digits=14, decimal_places=2, default=0, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "engagement__client_id"

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "-issued_on", "-id"], name="invoice_ws_issued_idx"),
            models.Index(
                fields=["workspace", "engagement", "-issued_on", "-id"],
                name="invoice_engagement_idx",
            ),
            # The dashboard's overdue invoices, longest overdue first: unpaid rows only.
            models.Index(
                fields=["workspace", "due_on", "id"],
                condition=models.Q(paid_in_full_on__isnull=True),
                name="invoice_unpaid_due_idx",
            ),
        ]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")

    def __str__(self):
        return self.number or f"{self.get_kind_display()} {self.issued_on}"

    @property
    def amount_money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def paid_money(self) -> Money:
        return Money(self.paid_amount, self.currency)

    @property
    def balance_money(self) -> Money:
        return self.amount_money - self.paid_money

    @property
    def is_paid(self) -> bool:
        return self.paid_amount >= self.amount


class Payment(TenantModel):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(
        _("reference"), max_length=120, blank=True, validators=SINGLE_LINE_TEXT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "invoice__engagement__client_id"

    class Meta:
        ordering = ["paid_on", "pk"]
        # A client's payments (their timeline) are read through their invoices.
        indexes = [
            models.Index(
                fields=["workspace", "invoice", "-paid_on", "-id"], name="payment_invoice_idx"
            )
        ]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")


class AdjustmentKind(models.TextChoices):
    WRITE_OFF = "write_off", _("Write-off")
    REFUND = "refund", _("Refund or credit note")


class SettlementAdjustment(TenantModel):
    """What closes a final settlement without an invoice: a write-off (we give up what the
    client still owes us) or a refund (we paid back, or credited, what we owed the client).
    Recorded only by `billing.settlement`, with its written reason in the ledger."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.PROTECT, related_name="settlement_adjustments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AdjustmentKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    reason = models.TextField(_("reason"), max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "engagement__client_id"

    class Meta:
        ordering = ["recorded_on", "pk"]
        indexes = [
            models.Index(
                fields=["workspace", "engagement", "recorded_on", "id"],
                name="adjustment_engagement_idx",
            )
        ]
        verbose_name = _("settlement adjustment")
        verbose_name_plural = _("settlement adjustments")

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount_money}"

    @property
    def amount_money(self) -> Money:
        return Money(self.amount, self.currency)
