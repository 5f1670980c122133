"""What the global search looks in: one source per model, each one query.

Members search their workspace: clients (name, city), contacts (name, email), engagements
(title), invoices (number) and assets (identifier), each result linking to the page that
shows it.

Portal users search what their portal shows them: their own client's engagements and
invoices. The portal has no page per engagement or invoice, so a result links to the portal
home's section that lists it ("Your engagements", "Invoices to pay"); an invoice already paid
in full is listed nowhere in the portal, so it is found (the client may look for its number)
but carries no link. Contacts, assets and the client record are the provider's working view
and stay out of the portal's search, as they stay out of the portal. Nothing a source reads
or shows is a provider's note: titles, numbers, identifiers, names and dates only.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacte.assets.models import Asset
from pacte.billing.models import Invoice
from pacte.clients.models import Client, Contact
from pacte.engagements.models import Engagement
from pacte.kernel.permissions import Perm

from .registry import MEMBERS, PORTAL, Result, SearchSource, register_source


def _first_when_prefix(field: str, query: str) -> Case:
    """0 for a row whose `field` starts with the query, 1 otherwise: "Boul" finds
    "Boulangerie Martin" before "Pâtisserie de la Boule"."""
    return Case(
        When(**{f"{field}__istartswith": query}, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _join(*parts) -> str:
    return " · ".join(str(p) for p in parts if p)


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


# --- Clients (name, city) ---------------------------------------------------------------


def _client_rows(actor, query):
    return (
        Client.objects.for_actor(actor)
        .filter(Q(name__icontains=query) | Q(city__icontains=query))
        .annotate(rank=_first_when_prefix("name", query))
        .only("pk", "name", "city")
        .order_by("rank", "name", "pk")
    )


def _client_result(actor, client):
    return Result("clients", client.name, client.city, reverse("client_detail", args=[client.pk]))


# --- Contacts (name, email) ---------------------------------------------------------------


def _contact_rows(actor, query):
    return (
        Contact.objects.for_actor(actor)
        .filter(Q(full_name__icontains=query) | Q(email__icontains=query))
        .annotate(rank=_first_when_prefix("full_name", query))
        .select_related("client")
        .only("pk", "full_name", "job_title", "email", "client", "client__name")
        .order_by("rank", "full_name", "pk")
    )


def _contact_result(actor, contact):
    return Result(
        "contacts",
        contact.full_name,
        _join(contact.job_title, contact.client.name, contact.email),
        reverse("client_detail", args=[contact.client_id]) + "#contacts",
    )


# --- Engagements (title) --------------------------------------------------------------------


def _engagement_rows(actor, query):
    return (
        Engagement.objects.for_actor(actor)
        .filter(title__icontains=query)
        .annotate(rank=_first_when_prefix("title", query))
        .select_related("client")
        .only("pk", "title", "status", "client", "client__name")
        .order_by("rank", "title", "pk")
    )


def _engagement_result(actor, engagement):
    if actor.is_portal:
        url = reverse("portal:home") + "#engagements"
        subtitle = engagement.get_status_display()
    else:
        url = reverse("engagement_detail", args=[engagement.pk])
        subtitle = _join(engagement.client.name, engagement.get_status_display())
    return Result("engagements", engagement.title, subtitle, url)


# --- Invoices (number) ----------------------------------------------------------------------


def _invoice_rows(actor, query):
    return (
        Invoice.objects.for_actor(actor)
        .filter(number__icontains=query)
        .annotate(rank=_first_when_prefix("number", query))
        .select_related("engagement__client")
        .only(
            "pk",
            "kind",
            "number",
            "amount",
            "currency",
            "due_on",
            "paid_amount",
            "paid_in_full_on",
            "engagement",
            "engagement__title",
            "engagement__client",
            "engagement__client__name",
        )
        .order_by("rank", "number", "pk")
    )


def _invoice_result(actor, invoice):
    if invoice.paid_in_full_on:
        state = gettext("paid %(date)s") % {"date": _day(invoice.paid_in_full_on)}
    else:
        state = gettext("due %(date)s") % {"date": _day(invoice.due_on)}
    title = f"{invoice.get_kind_display()} {invoice.number}"
    amount = invoice.amount_money.display()
    if actor.is_portal:
        # The portal lists only what is left to pay; a paid invoice has nowhere to open.
        url = "" if invoice.paid_in_full_on else reverse("portal:home") + "#open-invoices"
        subtitle = _join(invoice.engagement.title, amount, state)
    else:
        url = reverse("engagement_detail", args=[invoice.engagement_id]) + f"#invoice-{invoice.pk}"
        subtitle = _join(invoice.engagement.client.name, invoice.engagement.title, amount, state)
    return Result("invoices", title, subtitle, url)


# --- Assets (identifier) --------------------------------------------------------------------


def _asset_rows(actor, query):
    return (
        Asset.objects.for_actor(actor)
        .filter(identifier__icontains=query)
        .annotate(rank=_first_when_prefix("identifier", query))
        .select_related("client")
        .only("pk", "kind", "identifier", "client", "client__name")
        .order_by("rank", "identifier", "pk")
    )


def _asset_result(actor, asset):
    return Result(
        "assets",
        asset.identifier,
        _join(asset.get_kind_display(), asset.client.name),
        reverse("client_assets", args=[asset.client_id]) + f"#asset-{asset.pk}",
    )


def register() -> None:
    register_source(
        SearchSource(
            "clients", _("Clients"), Perm.CLIENT_VIEW, _client_rows, _client_result, order=10
        )
    )
    register_source(
        SearchSource(
            "contacts", _("Contacts"), Perm.CLIENT_VIEW, _contact_rows, _contact_result, order=20
        )
    )
    register_source(
        SearchSource(
            "engagements",
            _("Engagements"),
            Perm.ENGAGEMENT_VIEW,
            _engagement_rows,
            _engagement_result,
            audiences=frozenset({MEMBERS, PORTAL}),
            order=30,
        )
    )
    register_source(
        SearchSource(
            "invoices",
            _("Invoices"),
            Perm.BILLING_VIEW,
            _invoice_rows,
            _invoice_result,
            audiences=frozenset({MEMBERS, PORTAL}),
            order=40,
        )
    )
    register_source(
        SearchSource("assets", _("Assets"), Perm.CLIENT_VIEW, _asset_rows, _asset_result, order=50)
    )
