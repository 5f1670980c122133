"""What the health area adds to other pages: the score with its reasons on the client and
engagement pages, the ranking on the dashboard, the weights on the settings page."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pacte.kernel.actions import Action, fresh_form, register_action
from pacte.kernel.charts import sparkline
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm
from pacte.kernel.signals import CLIENT, ENGAGEMENT, registered_signals

from .forms import WeightsForm
from .selectors import attention_ranking, client_health, engagement_health, health_trend
from .services import health_policy_update

SETTINGS = "settings"


def _trend_chart(points, ident: str):
    return sparkline(
        [p.score for p in points],
        title=_("Health score, last 30 days"),
        desc=_("The daily score, oldest first, on a scale of 0 to 100."),
        labels=[date_format(p.taken_on, "SHORT_DATE_FORMAT") for p in points],
        columns=(_("Day"), _("Score")),
        ident=ident,
        minimum=0,
        maximum=100,
    )


def _trend_change(points) -> int | None:
    return points[-1].score - points[-2].score if len(points) >= 2 else None


def client_health_panel(*, actor, obj, forms):
    health = client_health(actor=actor, client=obj)
    points = health_trend(actor=actor, client=obj)
    return {
        "health": health,
        "level": CLIENT,
        "trend": _trend_chart(points, f"health-client-{obj.pk}"),
        "change": _trend_change(points),
    }


def engagement_health_panel(*, actor, obj, forms):
    health = engagement_health(actor=actor, engagement=obj)
    points = health_trend(actor=actor, engagement=obj)
    return {
        "health": health,
        "level": ENGAGEMENT,
        "trend": _trend_chart(points, f"health-engagement-{obj.pk}"),
        "change": _trend_change(points),
    }


def ranking_panel(*, actor, obj, forms):
    ranking = attention_ranking(actor=actor)
    return {"ranking": ranking}


def weights_panel(*, actor, obj, forms):
    chosen = actor.workspace.health_weights or {}
    return {
        "form": fresh_form(actor, obj, SETTINGS, "health-weights", forms),
        "signals": [(s, chosen.get(s.key, s.weight)) for s in registered_signals()],
    }


def _weights_form_kwargs(actor, obj, posted):
    return {"workspace": actor.workspace}


def _save_weights(*, actor, **weights):
    return health_policy_update(
        actor=actor, weights={k.removeprefix("weight_"): v for k, v in weights.items()}
    )


def register():
    register_panel(
        Panel(
            "client",
            "health",
            "health/panels/health.html",
            client_health_panel,
            42,
            perm=Perm.INTERNAL_VIEW,
        )
    )
    register_panel(
        Panel(
            "engagement",
            "health",
            "health/panels/health.html",
            engagement_health_panel,
            15,
            perm=Perm.INTERNAL_VIEW,
        )
    )
    register_panel(
        Panel(
            "dashboard",
            "health-ranking",
            "health/panels/ranking.html",
            ranking_panel,
            5,
            perm=Perm.INTERNAL_VIEW,
        )
    )
    register_panel(
        Panel(
            SETTINGS,
            "health-weights",
            "health/panels/weights.html",
            weights_panel,
            50,
            perm=Perm.WORKSPACE_POLICY,
        )
    )
    register_action(
        Action(
            page=SETTINGS,
            name="health-weights",
            panel="health-weights",
            service=_save_weights,
            success=_("The health score's weights are saved."),
            form=WeightsForm,
            form_kwargs=_weights_form_kwargs,
            perm=Perm.WORKSPACE_POLICY,
        )
    )
