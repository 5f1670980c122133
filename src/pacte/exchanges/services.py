"""Writes on the journal of exchanges."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.clients.models import Channel, Client
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
        exchange = Exchange(
            workspace=actor.workspace,
            client=client,
            engagement=engagement,
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
    return exchange
