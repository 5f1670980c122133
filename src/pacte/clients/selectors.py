"""Reads on clients: the list with its registered filters and figures, one client, contacts."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from pacte.kernel.errors import InvalidInput
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from . import listing
from .models import Client, Contact

# The longest of the searched fields (name, city, contact's full name).
QUERY_MAX_LENGTH = max(
    Client._meta.get_field("name").max_length,
    Client._meta.get_field("city").max_length,
    Contact._meta.get_field("full_name").max_length,
)


def client_list(
    *, actor: Actor, query: str = "", status: str = "", figures: bool = True
) -> QuerySet[Client]:
    """Clients with the figures the list shows, searchable by name, city or contact, and
    filterable by situation. The figures and situations are registered by the apps that
    know them (`clients.listing`); a fixed number of queries whatever the number of clients.
    An unknown situation is ignored. Ordered by name, which an index serves: a page of the
    list reads its rows only (the figures are correlated subqueries of those rows). The API,
    which shows none of the figures, asks for `figures=False`."""
    actor.require(Perm.CLIENT_VIEW)
    annotations = {}
    if figures:
        for column in listing.columns():
            annotations.update(column.annotations())
    qs = Client.objects.for_actor(actor).annotate(**annotations)
    query = (query or "").strip()
    if len(query) > QUERY_MAX_LENGTH:
        # Longer than any name, city or contact it searches: nothing can match, and such a
        # pattern (60,000 characters) is one SQLite's LIKE refuses with an error.
        return qs.none()
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(city__icontains=query)
            | Exists(Contact.objects.filter(client=OuterRef("pk"), full_name__icontains=query))
        )
    chosen = listing.client_filters.get((status,)) if status else None
    if chosen is not None:
        qs = chosen.apply(actor=actor, qs=qs)
    return qs.order_by("name")


def client_choices(*, actor: Actor) -> list[Client]:
    """Names for a select: none of the list page's figures."""
    actor.require(Perm.CLIENT_VIEW)
    return list(Client.objects.for_actor(actor).only("pk", "name").order_by("name"))


def client_get(*, actor: Actor, client_id) -> Client:
    actor.require(Perm.CLIENT_VIEW)
    # The responsible member comes with the client: the page's header names them.
    return actor.get_or_404(Client.objects.select_related("responsible__user"), pk=client_id)


def contact_list(*, actor: Actor, client: Client) -> QuerySet[Contact]:
    """The client's contacts by name (an index on client and name serves the order)."""
    actor.require(Perm.CLIENT_VIEW)
    return Contact.objects.for_actor(actor).filter(client=client).order_by("full_name", "pk")


def contact_of_client(*, actor: Actor, client: Client, contact_id) -> Contact:
    """One of the client's contacts, or InvalidInput (code contact_of_another_client) when the
    id names no contact the actor may see, or a contact of another client: one answer for
    both, so that an id of another workspace reveals nothing."""
    contact = None
    try:
        pk = int(contact_id)
    except (TypeError, ValueError):
        pk = None
    if pk is not None and not isinstance(contact_id, bool):
        contact = Contact.objects.for_actor(actor).filter(pk=pk, client_id=client.pk).first()
    if contact is None:
        raise InvalidInput(
            _("This contact is not one of the client's."),
            code="contact_of_another_client",
            fields={"contact_id": [_("Not a contact of this client.")]},
        )
    return contact
