"""What decisions add to the engagement page: recommendations and the client's decisions
(R-NO), with their actions."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacte.attachments.selectors import attachments_of
from pacte.clients.listing import (
    ClientFilter,
    count_column,
    register_client_column,
    register_client_filter,
)
from pacte.clients.panels import PAGE as CLIENT_PAGE
from pacte.clients.timeline import TimelineSource, register_timeline_source
from pacte.engagements.next_steps import NextSteps, register_next_steps
from pacte.engagements.panels import PAGE
from pacte.engagements.selectors import newest
from pacte.kernel.actions import Action, fresh_form, register_action, row_form
from pacte.kernel.panels import Panel, once_per_page, register_panel
from pacte.kernel.permissions import Perm

from .attachments import KIND as ATTACHMENT_KIND
from .forms import DecisionForm, PortalDecisionForm, RecommendationForm
from .models import Decision, DecisionChoice, Recommendation, RecommendationStatus
from .selectors import (
    available_moves,
    awaiting_decision,
    client_decisions,
    client_recommendation_keys,
    client_recommendations_to_answer,
    client_refusals,
    engagement_recommendations,
)
from .services import recommendation_create, recommendation_decide, recommendation_implement


def recommendations_of(actor, engagement):
    """The engagement's recommendations, read once per page (panel and next steps)."""
    return once_per_page(
        engagement,
        "recommendations",
        lambda: engagement_recommendations(actor=actor, engagement=engagement),
    )


def decision_steps(*, actor, engagement, today) -> list[str]:
    return [
        gettext("Get the client's decision on “%(title)s”.") % {"title": rec.title}
        for rec in recommendations_of(actor, engagement)
        if rec.status == RecommendationStatus.OPEN
    ]


def decision_form(actor, obj, page, action, forms, rec):
    """The form to record the client's decision on `rec`, offering only the decisions that
    RECOMMENDATION_TRANSITIONS allows this actor now (None when there is none)."""
    allowed = {m.name for m in available_moves(actor=actor, obj=rec)}
    choices = [(value, label) for value, label in DecisionChoice.choices if value in allowed]
    if not choices:
        return None
    form = row_form(actor, obj, page, action, forms, rec.pk)
    # The form's prompt ("Choose the decision…") stays when there is a choice to make.
    prompt = [c for c in form.fields["decision"].choices if c[0] == ""]
    form.fields["decision"].choices = (prompt if len(choices) > 1 else []) + choices
    return form


def recommendations_panel(*, actor, obj, forms):
    recommendations = recommendations_of(actor, obj)
    can_edit = actor.can(Perm.RECOMMENDATION_EDIT)
    rows = []
    for rec in recommendations:
        moves = {m.name for m in available_moves(actor=actor, obj=rec)}
        form = decision_form(actor, obj, PAGE, "decision", forms, rec)
        rows.append((rec, form, "implement" in moves))
    return {
        "o": {"recommendations": recommendations},
        "rows": rows,
        # The evidence on every recommendation of the page: one query.
        "files": attachments_of(
            actor=actor, subject_kind=ATTACHMENT_KIND, subject_ids=[r.pk for r in recommendations]
        ),
        "attachment_kind": ATTACHMENT_KIND,
        "recommendation_form": fresh_form(actor, obj, PAGE, "recommendation", forms)
        if can_edit
        else None,
    }


def awaiting_decision_panel(*, actor, obj, forms):
    recommendations = awaiting_decision(actor=actor)
    return {"recommendations": recommendations} if recommendations else None


def register():
    register_next_steps(NextSteps("decisions", 40, decision_steps))
    register_panel(
        Panel(
            "dashboard",
            "awaiting-decision",
            "decisions/panels/awaiting_decision.html",
            awaiting_decision_panel,
            26,
            perm=Perm.INTERNAL_VIEW,
            group="attention",
        )
    )
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
            perm=Perm.RECOMMENDATION_EDIT,
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
            perm=Perm.DECISION_RECORD,
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
            perm=Perm.RECOMMENDATION_EDIT,
            panel="recommendations",
            service=recommendation_implement,
            success=_("Marked as implemented."),
            row_model=Recommendation,
            row_parent="engagement",
            row_kw="recommendation_id",
        )
    )


# The client page, the client list and the portal home: what decisions add there.


PORTAL_HOME = "portal-home"


def refusals_panel(*, actor, obj, forms):
    return {"refusals": client_refusals(actor=actor, client=obj)}


def _decisions_on_timeline(*, actor, client, limit):
    # The client's own rows, sorted here (see engagements.selectors.client_engagement_keys).
    rows = (
        Decision.objects.for_actor(actor)
        .filter(recommendation__in=client_recommendation_keys(client))
        .select_related("recommendation")
        .order_by()
    )
    return [(d.decided_on, d) for d in newest(rows, lambda d: (d.decided_on, d.pk), limit)]


def _refusals_of_row():
    # Correlated to client rows that the outer query scopes to the actor's workspace.
    return Decision.objects.filter(
        recommendation__engagement__client=OuterRef("pk"), decision=DecisionChoice.REFUSED
    )


def _refusing(*, actor, qs):
    return qs.filter(Exists(_refusals_of_row()))


def portal_decide_panel(*, actor, obj, forms):
    """What waits for the client's answer, and what they refused (they may change their
    mind), each with the form to answer it."""
    answerable = client_recommendations_to_answer(actor=actor, client=obj)
    shown = [*answerable["awaiting"], *answerable["refused"]]
    return {
        # The evidence the client reads before answering: one query.
        "files": attachments_of(
            actor=actor, subject_kind=ATTACHMENT_KIND, subject_ids=[r.pk for r in shown]
        ),
        "attachment_kind": ATTACHMENT_KIND,
        "awaiting": [
            (rec, decision_form(actor, obj, PORTAL_HOME, "decide", forms, rec))
            for rec in answerable["awaiting"]
        ],
        "refused": [
            (rec, decision_form(actor, obj, PORTAL_HOME, "decide", forms, rec))
            for rec in answerable["refused"]
        ],
    }


def portal_decisions_panel(*, actor, obj, forms):
    return {"decisions": client_decisions(actor=actor, client=obj)}


def register_client_panels():
    register_panel(
        Panel(CLIENT_PAGE, "refusals", "decisions/client/refusals.html", refusals_panel, 60)
    )
    register_timeline_source(
        TimelineSource(
            "decision", "decisions/client/timeline_decision.html", _decisions_on_timeline, order=20
        )
    )
    register_client_filter(ClientFilter("refusals", _("Recommendations refused"), _refusing, 40))
    register_client_column(
        count_column(
            "refusals",
            _("Refusals"),
            _refusals_of_row,
            "decisions/client/list_cell.html",
            attribute="refusal_count",
            field_name="refusals",
            cli_header="Refusals",
            order=30,
        )
    )
    register_panel(
        Panel(
            PORTAL_HOME,
            "decide",
            "decisions/portal/decide.html",
            portal_decide_panel,
            10,
            perm=Perm.DECISION_VIEW,
        )
    )
    register_panel(
        Panel(
            PORTAL_HOME,
            "decisions",
            "decisions/portal/decisions.html",
            portal_decisions_panel,
            60,
            perm=Perm.DECISION_VIEW,
        )
    )
    # The client answers in the portal: their own written record. The recommendation is
    # reached through the client of the portal user (another client's answers 404).
    register_action(
        Action(
            page=PORTAL_HOME,
            name="decide",
            perm=Perm.DECISION_RECORD,
            panel="decide",
            service=recommendation_decide,
            success=_("Your decision is recorded. Thank you."),
            form=PortalDecisionForm,
            form_prefix=None,
            row_model=Recommendation,
            row_parent="engagement__client",
            row_kw="recommendation_id",
        )
    )
