"""The columns of each kind of spreadsheet Pacte reads, documented in this one place: the
upload page, the downloadable templates, the API description and `pacte import-csv --help`
all read them from here."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from pacte.billing.models import InvoiceKind
from pacte.clients.models import Channel, Confidentiality, DecisionStyle, ReportFrequency


class ImportKind(models.TextChoices):
    CLIENTS = "clients", _("Clients")
    CONTACTS = "contacts", _("Contacts")
    INVOICES = "invoices", _("Invoices")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    # Lazy, said in the reader's language; `%(values)s` in it stands for `values`.
    meaning: str
    example: str
    values: str = ""

    @property
    def description(self) -> str:
        return str(self.meaning) % {"values": self.values}


def _values(choices) -> str:
    return ", ".join(choices.values)


YES_NO = "yes, no (oui, non)"
DATE_HELP = "YYYY-MM-DD, DD/MM/YYYY"

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.CLIENTS: (
        Column(
            "name", True, _("The client's name, unique in the workspace."), "Boulangerie Martin"
        ),
        Column("city", False, _("The city."), "Lyon"),
        Column(
            "confidentiality",
            False,
            _("How far the client may be named outside: %(values)s (anonymised when empty)."),
            Confidentiality.ANONYMISED,
            values=_values(Confidentiality),
        ),
        Column("language", False, _("The client's language: fr or en (fr when empty)."), "fr"),
        Column(
            "preferred_channel",
            False,
            _("How they prefer to be reached: %(values)s."),
            Channel.EMAIL,
            values=_values(Channel),
        ),
        Column(
            "report_frequency",
            False,
            _("How often they expect a status report: %(values)s."),
            ReportFrequency.MONTHLY,
            values=_values(ReportFrequency),
        ),
        Column(
            "decision_style",
            False,
            _("Who decides on their side: %(values)s."),
            DecisionStyle.SINGLE,
            values=_values(DecisionStyle),
        ),
        Column("expectations", False, _("What they expect from us."), "Un site qui vend"),
        Column("notes", False, _("Internal notes."), ""),
    ),
    ImportKind.CONTACTS: (
        Column(
            "client",
            True,
            _("The name of a client already in Pacte, as written there."),
            "Boulangerie Martin",
        ),
        Column("full_name", True, _("The person's full name."), "Hélène Martin"),
        Column("job_title", False, _("Their job title."), "Gérante"),
        Column("email", False, _("Their email address."), "helene@boulangerie-martin.example"),
        Column("phone", False, _("Their phone number."), "+33 4 78 00 00 00"),
        Column(
            "for_decisions",
            False,
            _("Designated for decisions: %(values)s (no when empty)."),
            "yes",
            values=YES_NO,
        ),
        Column(
            "for_operations",
            False,
            _("Designated for operations: %(values)s (no when empty)."),
            "no",
            values=YES_NO,
        ),
        Column(
            "for_billing",
            False,
            _("Designated for billing: %(values)s (no when empty)."),
            "yes",
            values=YES_NO,
        ),
    ),
    ImportKind.INVOICES: (
        Column(
            "client",
            True,
            _("The name of a client already in Pacte, as written there."),
            "Boulangerie Martin",
        ),
        Column(
            "engagement",
            True,
            _("The title of one of that client's engagements, as written in Pacte."),
            "Refonte du site",
        ),
        Column(
            "kind",
            True,
            _("The kind of invoice: %(values)s."),
            InvoiceKind.DEPOSIT,
            values=_values(InvoiceKind),
        ),
        Column(
            "number",
            False,
            _("Your invoice number; one already in Pacte is refused, so a file runs once."),
            "F-2026-014",
        ),
        Column(
            "amount",
            True,
            _("The amount, with at most two decimals (1250.00 or 1 250,00)."),
            "1250.00",
        ),
        Column(
            "currency",
            False,
            _("The currency, which must be the engagement's (the engagement's when empty)."),
            "EUR",
        ),
        Column(
            "issued_on",
            False,
            _("The day it was issued, as %(values)s (today when empty)."),
            "2026-03-02",
            values=DATE_HELP,
        ),
        Column(
            "due_on",
            True,
            _("The day it is due, as %(values)s; not before it was issued."),
            "2026-04-01",
            values=DATE_HELP,
        ),
        Column(
            "paid_amount",
            False,
            _("What the client has paid already, recorded as one payment (with paid_on)."),
            "",
        ),
        Column(
            "paid_on",
            False,
            _("The day of that payment, as %(values)s; not in the future."),
            "",
            values=DATE_HELP,
        ),
    ),
}


def column_names(kind: str) -> list[str]:
    return [column.name for column in COLUMNS[kind]]


def required_names(kind: str) -> list[str]:
    return [column.name for column in COLUMNS[kind] if column.required]


def template_csv(kind: str, *, delimiter: str = ",") -> str:
    """The template of `kind`: the header row and one example row. French spreadsheets
    separate with `;`, the others with `,`: the page offers the reader's."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(column_names(kind))
    writer.writerow([column.example for column in COLUMNS[kind]])
    return out.getvalue()
