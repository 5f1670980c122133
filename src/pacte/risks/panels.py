"""What risks add to the engagement page: the register, announcements, and a risk that
occurs put to the client as a decision."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacte.engagements.next_steps import NextSteps, register_next_steps
from pacte.engagements.panels import PAGE
from pacte.kernel.actions import Action, fresh_form, register_action, row_form
from pacte.kernel.panels import Panel, once_per_page, register_panel
from pacte.kernel.permissions import Perm

from .forms import RiskForm, RiskOccurForm
from .models import Risk, RiskStatus
from .selectors import engagement_risks
from .services import risk_announce, risk_close, risk_create, risk_occur


def risks_of(actor, engagement):
    """The engagement's risk register, read once per page (panel and next steps)."""
    return once_per_page(
        engagement, "risks", lambda: engagement_risks(actor=actor, engagement=engagement)
    )


def announce_steps(*, actor, engagement, today) -> list[str]:
    return [
        gettext("Tell the client about the risk “%(risk)s”.") % {"risk": risk.description}
        for risk in risks_of(actor, engagement)
        if risk.status == RiskStatus.OPEN and risk.announced_on is None
    ]


def risks_panel(*, actor, obj, forms):
    o = {"risks": risks_of(actor, obj)}
    can_edit = actor.can(Perm.RISK_EDIT)
    rows = [
        (
            risk,
            row_form(actor, obj, PAGE, "risk-occur", forms, risk.pk)
            if can_edit and risk.status == RiskStatus.OPEN
            else None,
        )
        for risk in o["risks"]
    ]
    return {
        "o": o,
        "rows": rows,
        "risk_form": fresh_form(actor, obj, PAGE, "risk", forms) if can_edit else None,
    }


def register():
    register_next_steps(NextSteps("risks", 60, announce_steps))
    register_panel(Panel(PAGE, "risks", "risks/panels/risks.html", risks_panel, 70))
    register_action(
        Action(
            page=PAGE,
            name="risk",
            perm=Perm.RISK_EDIT,
            panel="risks",
            service=risk_create,
            success=_("Risk registered."),
            form=RiskForm,
            object_kw="engagement_id",
        )
    )
    for name, service, success, form, prefix in (
        ("risk-announce", risk_announce, _("The risk is recorded as announced today."), None, ""),
        (
            "risk-occur",
            risk_occur,
            _("The situation is put to the client for a decision."),
            RiskOccurForm,
            "occur",
        ),
        ("risk-close", risk_close, _("Risk closed."), None, ""),
    ):
        register_action(
            Action(
                page=PAGE,
                name=name,
                panel="risks",
                service=service,
                success=success,
                form=form,
                form_prefix=prefix,
                row_model=Risk,
                row_parent="engagement",
                row_kw="risk_id",
                perm=Perm.RISK_EDIT,
            )
        )
