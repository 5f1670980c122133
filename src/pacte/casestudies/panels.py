"""What case studies add to other pages: the engagement page's panel (its case studies and
a form to write one) and the client page's list."""

from django.utils.translation import gettext_lazy as _

from pacte.clients.panels import PAGE as CLIENT_PAGE
from pacte.engagements.panels import PAGE as ENGAGEMENT_PAGE
from pacte.kernel.actions import Action, fresh_form, register_action
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from .forms import CaseStudyForm
from .selectors import case_study_list
from .services import case_study_create

# Rows a panel shows; the engagement's own page lists them all.
PANEL_ROWS = 10


def engagement_panel(*, actor, obj, forms):
    rows = list(case_study_list(actor=actor, engagement=obj)[: PANEL_ROWS + 1])
    return {
        "rows": rows[:PANEL_ROWS],
        "more": len(rows) > PANEL_ROWS,
        "confidential": obj.client.confidentiality == "confidential",
        "form": fresh_form(actor, obj, ENGAGEMENT_PAGE, "case-study", forms)
        if actor.can(Perm.CASE_STUDY_EDIT)
        else None,
    }


def client_panel(*, actor, obj, forms):
    rows = list(case_study_list(actor=actor, client=obj)[: PANEL_ROWS + 1])
    return {
        "rows": rows[:PANEL_ROWS],
        "more": len(rows) > PANEL_ROWS,
        "confidential": obj.confidentiality == "confidential",
    }


def register():
    register_panel(
        Panel(
            ENGAGEMENT_PAGE,
            "case-studies",
            "casestudies/panels/engagement.html",
            engagement_panel,
            95,
            perm=Perm.INTERNAL_VIEW,
        )
    )
    register_panel(
        Panel(
            CLIENT_PAGE,
            "case-studies",
            "casestudies/panels/client.html",
            client_panel,
            95,
            perm=Perm.INTERNAL_VIEW,
        )
    )
    register_action(
        Action(
            page=ENGAGEMENT_PAGE,
            name="case-study",
            perm=Perm.CASE_STUDY_EDIT,
            panel="case-studies",
            service=case_study_create,
            success=_("Case study written: nothing leaves Pacte until you export it."),
            form=CaseStudyForm,
            object_kw="engagement_id",
        )
    )
