"""What governance adds to other pages: the client page's governance and scorecard panels,
the engagement page's reviews panel, the portal's scorecard, the dashboard's overdue
reviews; and their actions."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pacte.clients.models import Contact
from pacte.clients.panels import PAGE as CLIENT_PAGE
from pacte.engagements.panels import PAGE as ENGAGEMENT_PAGE
from pacte.kernel.actions import Action, fresh_form, register_action
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm
from pacte.workspace.selectors import member_list

from .forms import CadenceForm, ProcessAssessmentForm, ReviewForm, StageForm
from .models import ReviewKind
from .selectors import (
    MEDIAN_PARTNERSHIP_MONTHS_1990S,
    MEDIAN_PARTNERSHIP_MONTHS_TODAY,
    client_scorecard,
    client_stage,
    engagement_governance,
    latest_process_assessment,
    overdue_reviews,
)
from .services import cadence_set, process_assessment_record, review_record, stage_confirm

PORTAL_HOME = "portal-home"
DASHBOARD = "dashboard"


def _kind_label(kind: str) -> str:
    return ReviewKind(kind).label


# --- The client page ---------------------------------------------------------------------------


def governance_panel(*, actor, obj, forms):
    today = timezone.localdate()
    stage = client_stage(actor=actor, client=obj, today=today)
    form = None
    if actor.can(Perm.STAGE_CONFIRM):
        form = fresh_form(actor, obj, CLIENT_PAGE, "stage", forms)
        if not form.is_bound and stage.suggestion is not None:
            form.initial = {"stage": stage.suggestion.stage}
    return {
        "stage": stage,
        "overdue": [
            (_kind_label(r.overdue.kind), r)
            for r in overdue_reviews(actor=actor, client=obj, today=today, limit=20)
        ],
        "median_years": MEDIAN_PARTNERSHIP_MONTHS_TODAY / 12,
        "median_years_1990s": MEDIAN_PARTNERSHIP_MONTHS_1990S // 12,
        "stage_form": form,
    }


def scorecard_panel(*, actor, obj, forms):
    sides = client_scorecard(actor=actor, client=obj)
    return {
        "client_side": sides["client"],
        "provider_side": sides["provider"],
        "assessment": latest_process_assessment(actor=actor, client=obj),
        "process_form": fresh_form(actor, obj, CLIENT_PAGE, "process-assessment", forms)
        if actor.can(Perm.REVIEW_EDIT)
        else None,
    }


# --- The engagement page -----------------------------------------------------------------------


def review_form_kwargs(actor, engagement, posted) -> dict:
    """The attendees one may tick: the workspace's members, the client's contacts."""
    return {
        "members": list(member_list(actor=actor)),
        "contacts": list(
            Contact.objects.for_actor(actor)
            .filter(client_id=engagement.client_id)
            .order_by("full_name", "pk")
        ),
    }


def reviews_panel(*, actor, obj, forms):
    governance = engagement_governance(actor=actor, engagement=obj)
    can_edit = actor.can(Perm.REVIEW_EDIT)
    cadence_form = review_form = None
    if can_edit:
        cadence_form = fresh_form(actor, obj, ENGAGEMENT_PAGE, "cadence", forms)
        if not cadence_form.is_bound and governance.cadence is not None:
            cadence = governance.cadence
            cadence_form.initial = {
                "operational": cadence.operational,
                "tactical": cadence.tactical,
                "strategic": cadence.strategic,
                "starts_on": cadence.starts_on,
            }
        review_form = fresh_form(actor, obj, ENGAGEMENT_PAGE, "review", forms)
        if not review_form.is_bound:
            review_form.initial = {"held_on": timezone.localdate()}
    labels = dict(ReviewKind.choices)
    return {
        "governance": governance,
        "next_due": [(labels[kind], day) for kind, day in governance.next_due],
        "overdue": [(labels[o.kind], o) for o in governance.overdue],
        "cadence_form": cadence_form,
        "review_form": review_form,
    }


# --- The portal home and the dashboard ---------------------------------------------------------


def portal_scorecard_panel(*, actor, obj, forms):
    sides = client_scorecard(actor=actor, client=obj)
    return {"client_side": sides["client"], "provider_side": sides["provider"]}


def overdue_reviews_panel(*, actor, obj, forms):
    rows = overdue_reviews(actor=actor, limit=8)
    labels = dict(ReviewKind.choices)
    return {"rows": [(labels[r.overdue.kind], r) for r in rows]} if rows else None


def register():
    for panel in (
        Panel(
            CLIENT_PAGE,
            "governance",
            "governance/panels/governance.html",
            governance_panel,
            # After the small cards (profile, payments, contacts, portal access), so that
            # they share rows and the wide panels follow one another.
            43,
            perm=Perm.INTERNAL_VIEW,
        ),
        Panel(
            CLIENT_PAGE,
            "scorecard",
            "governance/panels/scorecard.html",
            scorecard_panel,
            44,
            perm=Perm.INTERNAL_VIEW,
        ),
        Panel(
            ENGAGEMENT_PAGE,
            "reviews",
            "governance/panels/reviews.html",
            reviews_panel,
            55,
            perm=Perm.INTERNAL_VIEW,
        ),
        Panel(
            PORTAL_HOME,
            "scorecard",
            "governance/portal/scorecard.html",
            portal_scorecard_panel,
            55,
            perm=Perm.PORTAL_VIEW,
        ),
        Panel(
            DASHBOARD,
            "overdue-reviews",
            "governance/panels/overdue_reviews.html",
            overdue_reviews_panel,
            28,
            perm=Perm.INTERNAL_VIEW,
            group="attention",
        ),
    ):
        register_panel(panel)
    register_action(
        Action(
            page=CLIENT_PAGE,
            name="stage",
            perm=Perm.STAGE_CONFIRM,
            panel="governance",
            service=stage_confirm,
            success=_("Stage confirmed."),
            form=StageForm,
            object_kw="client_id",
        )
    )
    register_action(
        Action(
            page=CLIENT_PAGE,
            name="process-assessment",
            perm=Perm.REVIEW_EDIT,
            panel="scorecard",
            service=process_assessment_record,
            success=_("Assessment recorded."),
            form=ProcessAssessmentForm,
            form_prefix="process",
            object_kw="client_id",
        )
    )
    register_action(
        Action(
            page=ENGAGEMENT_PAGE,
            name="cadence",
            perm=Perm.REVIEW_EDIT,
            panel="reviews",
            service=cadence_set,
            success=_("Review cadence saved."),
            form=CadenceForm,
            object_kw="engagement_id",
        )
    )
    register_action(
        Action(
            page=ENGAGEMENT_PAGE,
            name="review",
            perm=Perm.REVIEW_EDIT,
            panel="reviews",
            service=review_record,
            success=_("Review recorded."),
            form=ReviewForm,
            form_kwargs=review_form_kwargs,
            object_kw="engagement_id",
        )
    )
