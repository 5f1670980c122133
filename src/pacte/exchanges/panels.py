"""What exchanges add to other pages: the engagement's journal and R-SILENCE's next step, the
dashboard's silent engagements, the client page's journal and form, the client list's filter."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pacte.clients.listing import (
    ClientColumn,
    ClientFilter,
    register_client_column,
    register_client_filter,
)
from pacte.clients.panels import PAGE as CLIENT_PAGE
from pacte.clients.selectors import contact_list
from pacte.clients.timeline import TimelineSource, register_timeline_source
from pacte.engagements.next_steps import NextSteps, register_next_steps
from pacte.engagements.panels import PAGE, client_engagements
from pacte.kernel.actions import Action, fresh_form, register_action
from pacte.kernel.panels import Panel, once_per_page, register_panel
from pacte.kernel.permissions import Perm

from .forms import ExchangeForm
from .models import Exchange
from .selectors import (
    engagement_exchanges,
    engagement_silence,
    silent_engagement_rows,
    silent_engagements,
)
from .services import exchange_log


def exchanges_panel(*, actor, obj, forms):
    return {"exchanges": engagement_exchanges(actor=actor, engagement=obj)}


def silence_steps(*, actor, engagement, today) -> list[str]:
    """R-SILENCE on the engagement page: write to a client left without news."""
    silence = engagement_silence(actor=actor, engagement=engagement, today=today)
    if silence is None:
        return []
    return [
        ngettext(
            "No news sent to the client for %(days)s day: write to them.",
            "No news sent to the client for %(days)s days: write to them.",
            silence.days,
        )
        % {"days": silence.days}
    ]


def silent_panel(*, actor, obj, forms):
    silent = silent_engagements(actor=actor, limit=8)
    return {"silent": silent} if silent else None


def register():
    register_next_steps(NextSteps("silence", 30, silence_steps))
    register_panel(
        Panel(
            "dashboard",
            "silent",
            "exchanges/panels/silent.html",
            silent_panel,
            20,
            perm=Perm.INTERNAL_VIEW,
            group="attention",
        )
    )
    register_panel(
        Panel(
            PAGE,
            "exchanges",
            "exchanges/panels/exchanges.html",
            exchanges_panel,
            90,
            perm=Perm.INTERNAL_VIEW,
        )
    )


# The client page and the client list: what exchanges add there.


def log_exchange_panel(*, actor, obj, forms):
    return {"exchange_form": fresh_form(actor, obj, CLIENT_PAGE, "exchange", forms)}


def _exchange_form_kwargs(actor, client, posted):
    kwargs = {
        "engagements": client_engagements(actor, client),
        # Read once per page: the support request form offers them too.
        "contacts": once_per_page(
            client, "contact-choices", lambda: list(contact_list(actor=actor, client=client))
        ),
    }
    if not posted:
        kwargs["initial"] = {
            "direction": "outbound",
            "channel": client.preferred_channel or "email",
        }
    return kwargs


def _exchanges_on_timeline(*, actor, client, limit):
    rows = (
        Exchange.objects.for_actor(actor)
        .filter(client=client)
        .select_related("engagement")
        .order_by("-occurred_on", "-pk")[:limit]
    )
    return [(e.occurred_on, e) for e in rows]


def _silent(*, actor, qs):
    # R-SILENCE, as the exchanges app computes it, as a subquery of the list's query.
    return qs.filter(pk__in=silent_engagement_rows(actor=actor).values("client_id"))


def _last_exchange():
    # Matched on the workspace and the client, so that exchange_client_idx gives the last
    # date as its first entry.
    return {
        "last_exchange_on": Subquery(
            Exchange.objects.filter(workspace=OuterRef("workspace_id"), client=OuterRef("pk"))
            .order_by("-occurred_on", "-pk")
            .values("occurred_on")[:1]
        )
    }


def register_client_panels():
    register_panel(
        Panel(
            CLIENT_PAGE,
            "log-exchange",
            "exchanges/client/log_exchange.html",
            log_exchange_panel,
            80,
            perm=Perm.EXCHANGE_LOG,
        )
    )
    register_action(
        Action(
            page=CLIENT_PAGE,
            name="exchange",
            perm=Perm.EXCHANGE_LOG,
            panel="log-exchange",
            service=exchange_log,
            success=_("Exchange logged."),
            form=ExchangeForm,
            form_kwargs=_exchange_form_kwargs,
            object_kw="client_id",
        )
    )
    register_timeline_source(
        TimelineSource(
            "exchange", "exchanges/client/timeline_exchange.html", _exchanges_on_timeline, order=10
        )
    )
    register_client_filter(ClientFilter("silent", _("No news for too long"), _silent, 50))
    register_client_column(
        ClientColumn(
            "last-exchange",
            _("Last exchange"),
            _last_exchange,
            "exchanges/client/list_cell.html",
            lambda c: {
                "last_exchange": c.last_exchange_on.isoformat() if c.last_exchange_on else ""
            },
            ("last_exchange",),
            "Last exchange",
            lambda r: r["last_exchange"] or "—",
            40,
        )
    )
