"""R-CONTACTS: designate trained contacts and stick to them (DOMAIN §4).

Over the workspace's rolling window (`contacts_window_days`, 30 by default), count the
distinct client contacts who made support requests or inbound exchanges, against the
designated contacts (for decisions, operations or billing). Many different requesters for
few designated contacts is the signal: "9 different requesters in 30 days, 2 designated".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacte.clients.models import Contact
from pacte.exchanges.models import Direction, Exchange
from pacte.kernel.permissions import Perm
from pacte.kernel.signals import linear_score
from pacte.kernel.tenancy import Actor

from .models import SupportRequest

DESIGNATED = Q(for_decisions=True) | Q(for_operations=True) | Q(for_billing=True)
# With no designated contact, the sub-score reaches 0 at this many requesters.
NONE_DESIGNATED_ALARM = 4


@dataclass(frozen=True)
class Requesters:
    client_id: int
    requesters: int
    designated: int
    window_days: int
    since: dt.date

    def words(self) -> str:
        """ "9 different requesters in 30 days, 2 designated" in the active language."""
        first = ngettext(
            "%(n)d different requester in %(days)d days",
            "%(n)d different requesters in %(days)d days",
            self.requesters,
        ) % {"n": self.requesters, "days": self.window_days}
        second = ngettext("%(n)d designated", "%(n)d designated", self.designated) % {
            "n": self.designated
        }
        return _("%(requesters)s, %(designated)s") % {"requesters": first, "designated": second}

    @property
    def score(self) -> int:
        """100 while requesters ≤ designated, 0 at three times the designated (at 4 with
        none designated), a straight line between."""
        if self.designated and self.requesters <= self.designated:
            return 100
        alarming = 3 * self.designated if self.designated else NONE_DESIGNATED_ALARM
        return linear_score(self.requesters, healthy=self.designated, alarming=alarming)

    @property
    def verdict(self) -> str:
        if self.requesters == 0:
            return "unknown"
        if self.requesters <= self.designated:
            return "good"
        return "watch" if self.score >= 50 else "poor"


def window_start(workspace, today: dt.date) -> tuple[int, dt.date]:
    days = workspace.contacts_window_days or 30
    return days, today - dt.timedelta(days=days - 1)


def _requesters(workspace, clients, since: dt.date) -> dict[int, set[int]]:
    """{client id: the contacts who made requests or inbound exchanges since `since`}, in
    one query (the union of both)."""
    zone_start = dt.datetime.combine(since, dt.time(), tzinfo=timezone.get_current_timezone())
    by_request = (
        SupportRequest.objects.in_workspace(workspace)
        .filter(client__in=clients, received_at__gte=zone_start, contact__isnull=False)
        .order_by()
        .values_list("client_id", "contact_id")
    )
    by_exchange = (
        Exchange.objects.in_workspace(workspace)
        .filter(
            client__in=clients,
            occurred_on__gte=since,
            direction=Direction.INBOUND,
            contact__isnull=False,
        )
        .order_by()
        .values_list("client_id", "contact_id")
    )
    people: dict[int, set[int]] = defaultdict(set)
    for client_id, contact_id in by_request.union(by_exchange):
        people[client_id].add(contact_id)
    return people


def requesters_by_client(*, workspace, clients, today: dt.date) -> dict[int, Requesters]:
    """R-CONTACTS for every client of the `clients` queryset (of keys) in two queries: the
    designated contacts, and the requesters (of support requests and inbound exchanges).
    Clients with neither requesters nor designated contacts are left out."""
    days, since = window_start(workspace, today)
    designated = dict(
        Contact.objects.in_workspace(workspace)
        .filter(DESIGNATED, client__in=clients)
        .order_by()
        .values("client_id")
        .annotate(n=Count("pk"))
        .values_list("client_id", "n")
    )
    people = _requesters(workspace, clients, since)
    return {
        client_id: Requesters(
            client_id, len(people.get(client_id, ())), designated.get(client_id, 0), days, since
        )
        for client_id in set(designated) | set(people)
    }


def client_requesters(
    *, actor: Actor, client, today: dt.date | None = None, contacts: list[Contact] | None = None
) -> Requesters:
    """R-CONTACTS for one client. Given the client's `contacts` (already read by the page),
    the designated ones are counted from them: one query."""
    actor.require(Perm.CLIENT_VIEW)
    today = today or timezone.localdate()
    days, since = window_start(actor.workspace, today)
    if contacts is None:
        found = requesters_by_client(
            workspace=actor.workspace, clients=[client.pk], today=today
        ).get(client.pk)
        return found or Requesters(client.pk, 0, 0, days, since)
    designated = sum(1 for c in contacts if c.for_decisions or c.for_operations or c.for_billing)
    people = _requesters(actor.workspace, [client.pk], since).get(client.pk, set())
    return Requesters(client.pk, len(people), designated, days, since)


def requester_contacts(*, actor: Actor, client, today: dt.date | None = None) -> list[Contact]:
    """The contacts who made requests or inbound exchanges in the window, by name."""
    actor.require(Perm.CLIENT_VIEW)
    today = today or timezone.localdate()
    _days, since = window_start(actor.workspace, today)
    zone_start = dt.datetime.combine(since, dt.time(), tzinfo=timezone.get_current_timezone())
    by_request = SupportRequest.objects.in_workspace(actor.workspace).filter(
        client=client, received_at__gte=zone_start, contact__isnull=False
    )
    by_exchange = Exchange.objects.in_workspace(actor.workspace).filter(
        client=client, occurred_on__gte=since, direction=Direction.INBOUND, contact__isnull=False
    )
    return list(
        Contact.objects.for_actor(actor)
        .filter(client=client)
        .filter(
            Q(pk__in=by_request.values("contact_id")) | Q(pk__in=by_exchange.values("contact_id"))
        )
        .order_by("full_name", "pk")
    )
