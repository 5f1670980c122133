"""What decisions add to the engagement page: recommendations and the client's decisions
(R-NO), with their actions."""

from django.utils.translation import gettext_lazy as _

from pacte.engagements.panels import PAGE, overview
from pacte.kernel.actions import Action, fresh_form, register_action, row_form
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from .forms import DecisionForm, RecommendationForm
from .models import Recommendation, RecommendationStatus
from .services import recommendation_create, recommendation_decide, recommendation_implement


def recommendations_panel(*, actor, obj, forms):
    o = overview(actor, obj)
    can_decide = actor.can(Perm.DECISION_RECORD)
    can_edit = actor.can(Perm.RECOMMENDATION_EDIT)
    rows = []
    for rec in o.recommendations:
        decision_form = None
        if can_decide and rec.status != RecommendationStatus.IMPLEMENTED:
            decision_form = row_form(actor, obj, PAGE, "decision", forms, rec.pk)
        can_implement = can_edit and rec.status == RecommendationStatus.ACCEPTED
        rows.append((rec, decision_form, can_implement))
    return {
        "o": o,
        "rows": rows,
        "recommendation_form": fresh_form(actor, obj, PAGE, "recommendation", forms)
        if can_edit
        else None,
    }


def register():
    register_panel(
        Panel(
            PAGE,
            "recommendations",
            "decisions/panels/recommendations.html",
            recommendations_panel,
            50,
        )
    )
    register_action(
        Action(
            page=PAGE,
            name="recommendation",
            panel="recommendations",
            service=recommendation_create,
            success=_("Recommendation recorded."),
            form=RecommendationForm,
            object_kw="engagement_id",
        )
    )
    register_action(
        Action(
            page=PAGE,
            name="decision",
            panel="recommendations",
            service=recommendation_decide,
            success=_("The client's decision is on record."),
            form=DecisionForm,
            row_model=Recommendation,
            row_parent="engagement",
            row_kw="recommendation_id",
        )
    )
    register_action(
        Action(
            page=PAGE,
            name="implement",
            panel="recommendations",
            service=recommendation_implement,
            success=_("Marked as implemented."),
            row_model=Recommendation,
            row_parent="engagement",
            row_kw="recommendation_id",
        )
    )
