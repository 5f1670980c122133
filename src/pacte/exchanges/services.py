"""Writes on the journal of exchanges, and the R-SILENCE dates they keep up to date."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.clients.models import Channel, Client
from pacte.clients.selectors import contact_of_client
from pacte.engagements.models import Engagement
from pacte.kernel.errors import InvalidInput, full_clean_or_raise
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_choice, parse_date, require_text

from .models import Direction, Exchange


def exchange_log(
    *,
    actor: Actor,
    client_id: int,
    channel: str,
    direction: str,
    summary: str,
    occurred_on=None,
    people: str = "",
    engagement_id=None,
    follow_up_on=None,
    contact_id=None,
) -> Exchange:
    actor.require(Perm.EXCHANGE_LOG)
    channel = parse_choice(channel, Channel, field="channel")
    direction = parse_choice(direction, Direction, field="direction")
    summary = require_text(summary, field="summary")
    day = parse_date(occurred_on, field="occurred_on", required=False) or timezone.localdate()
    if day > timezone.localdate():
        raise InvalidInput(
            _("An exchange cannot be dated in the future."),
            fields={"occurred_on": [_("In the future.")]},
        )
    follow_up = parse_date(follow_up_on, field="follow_up_on", required=False)
    if follow_up and follow_up < day:
        raise InvalidInput(
            _("A follow-up cannot come before the exchange."),
            fields={"follow_up_on": [_("Before the exchange.")]},
        )
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.all(), pk=client_id)
        engagement = None
        if engagement_id not in (None, ""):
            engagement = actor.get_or_404(
                Engagement.objects.filter(client=client), pk=engagement_id
            )
        contact = None
        if contact_id not in (None, ""):
            contact = contact_of_client(actor=actor, client=client, contact_id=contact_id)
        exchange = Exchange(
            workspace=actor.workspace,
            client=client,
            engagement=engagement,
            contact=contact,
            occurred_on=day,
            channel=channel,
            direction=direction,
            people=(people or "").strip(),
            summary=summary,
            follow_up_on=follow_up,
            recorded_by=actor.user,
        )
        full_clean_or_raise(exchange)
        exchange.save()
        refresh_last_outbound(
            workspace=actor.workspace,
            engagement_ids=[engagement.pk] if engagement else (),
            client_ids=() if engagement else [client.pk],
        )
    return exchange


def _latest_outbound(rows) -> Subquery:
    # Read from exchange_silence_idx / exchange_client_silence_idx alone (covering indexes).
    return Subquery(
        rows.filter(direction=Direction.OUTBOUND).order_by("-occurred_on").values("occurred_on")[:1]
    )


def refresh_last_outbound(
    *, workspace, engagement_ids: Iterable[int] = (), client_ids: Iterable[int] = ()
) -> None:
    """R-SILENCE: recompute, from the journal, the stored day of the latest outbound exchange
    about each engagement named (`Engagement.last_outbound_on`) and about each client named in
    general, with no engagement (`Client.last_general_outbound_on`).

    Every write of an exchange calls it inside its transaction, naming the engagement and the
    client (or, with no engagement, the client) the exchange was about before and after the
    write: so a creation, an edit of the date or the direction, a move to another engagement
    or client, and a deletion all leave the dates right. A recompute (one index probe per
    row) rather than an increment, which a deletion or a later date moved back would defeat."""
    engagement_ids = {pk for pk in engagement_ids if pk is not None}
    client_ids = {pk for pk in client_ids if pk is not None}
    if engagement_ids:
        Engagement.objects.in_workspace(workspace).filter(pk__in=engagement_ids).update(
            last_outbound_on=_latest_outbound(Exchange.objects.filter(engagement=OuterRef("pk")))
        )
    if client_ids:
        Client.objects.in_workspace(workspace).filter(pk__in=client_ids).update(
            last_general_outbound_on=_latest_outbound(
                Exchange.objects.filter(client=OuterRef("pk"), engagement__isnull=True)
            )
        )
