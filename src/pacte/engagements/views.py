from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pacte.billing.services import invoice_create, payment_record
from pacte.clients.selectors import client_choices, contact_list
from pacte.core.errors import DomainError
from pacte.core.permissions import Perm
from pacte.core.web import member_view, report_domain_error, run_form_action
from pacte.decisions.services import (
    recommendation_create,
    recommendation_decide,
    recommendation_implement,
)
from pacte.risks.services import risk_announce, risk_close, risk_create, risk_occur

from . import selectors, services
from .forms import (
    ChangeRequestForm,
    ChangeRequestMoveForm,
    DecisionForm,
    EngagementForm,
    InvoiceForm,
    PaymentForm,
    ReasonForm,
    RecommendationForm,
    RiskForm,
    RiskOccurForm,
    TerminateForm,
    TimeEntryForm,
)
from .models import EngagementStatus


@member_view(Perm.ENGAGEMENT_EDIT)
def engagement_create(request):
    actor = request.actor
    initial = {"client_id": request.GET.get("client"), "currency": "EUR"}
    form = EngagementForm(
        request.POST or None,
        clients=client_choices(actor=actor),
        initial=initial,
        default_percent=actor.workspace.default_deposit_percent,
    )
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_create(actor=actor, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("Engagement created. Next: issue the deposit invoice."))
            return redirect("engagement_detail", engagement_id=engagement.pk)
    return render(request, "engagements/form.html", {"form": form})


@member_view(Perm.ENGAGEMENT_VIEW)
def engagement_detail(request, engagement_id: int):
    actor = request.actor
    engagement = selectors.engagement_get(actor=actor, engagement_id=engagement_id)
    overview = selectors.engagement_overview(actor=actor, engagement=engagement)
    open_recommendations = [r for r in overview.recommendations if r.status in ("open", "accepted")]
    return render(
        request,
        "engagements/detail.html",
        {
            "engagement": engagement,
            "o": overview,
            "S": EngagementStatus,
            "forms": {
                "invoice": InvoiceForm(prefix="invoice"),
                "payment": PaymentForm(prefix="payment"),
                "time": TimeEntryForm(prefix="time", recommendations=open_recommendations),
                "change": ChangeRequestForm(
                    prefix="change", contacts=contact_list(actor=actor, client=engagement.client)
                ),
                "recommendation": RecommendationForm(prefix="recommendation"),
                "decision": DecisionForm(prefix="decision"),
                "risk": RiskForm(prefix="risk"),
                "occur": RiskOccurForm(prefix="occur"),
                "reason": ReasonForm(prefix="reason"),
                "terminate": TerminateForm(prefix="terminate"),
            },
        },
    )


# Each action of the engagement page: the form it posts, the service it calls, what to say.
ENGAGEMENT_ACTIONS = {
    "request-deposit": (
        None,
        services.engagement_request_deposit,
        gettext_lazy("The deposit is now awaited."),
    ),
    "activate": (
        None,
        services.engagement_activate,
        gettext_lazy("The engagement is active: work can be logged."),
    ),
    "override-deposit": (
        ReasonForm,
        services.engagement_override_deposit,
        gettext_lazy("Started without the deposit; your reason is on record."),
    ),
    "hold": (ReasonForm, services.engagement_hold, gettext_lazy("The engagement is on hold.")),
    "resume": (None, services.engagement_resume, gettext_lazy("The engagement is active again.")),
    "start-closing": (
        None,
        services.engagement_start_closing,
        gettext_lazy("The engagement is closing."),
    ),
    "close": (None, services.engagement_close, gettext_lazy("The engagement is closed.")),
    "terminate": (
        TerminateForm,
        services.engagement_terminate,
        gettext_lazy("The end of the engagement is on record."),
    ),
    "invoice": (InvoiceForm, invoice_create, gettext_lazy("Invoice recorded.")),
    "time": (TimeEntryForm, services.time_entry_log, gettext_lazy("Time logged.")),
    "change": (
        ChangeRequestForm,
        services.change_request_create,
        gettext_lazy("Change request recorded."),
    ),
    "recommendation": (
        RecommendationForm,
        recommendation_create,
        gettext_lazy("Recommendation recorded."),
    ),
    "risk": (RiskForm, risk_create, gettext_lazy("Risk registered.")),
}
FORM_PREFIX = {
    ReasonForm: "reason",
    TerminateForm: "terminate",
    InvoiceForm: "invoice",
    TimeEntryForm: "time",
    ChangeRequestForm: "change",
    RecommendationForm: "recommendation",
    RiskForm: "risk",
}


@require_POST
@member_view(Perm.ENGAGEMENT_VIEW)
def engagement_action(request, engagement_id: int, action: str):
    if action not in ENGAGEMENT_ACTIONS:
        raise Http404()
    form_class, service, success = ENGAGEMENT_ACTIONS[action]
    engagement = selectors.engagement_get(actor=request.actor, engagement_id=engagement_id)
    if form_class is None:
        try:
            service(actor=request.actor, engagement_id=engagement.pk)
        except DomainError as exc:
            report_domain_error(request, None, exc)
        else:
            messages.success(request, str(success))
    else:
        kwargs = {"prefix": FORM_PREFIX[form_class]}
        if form_class is TimeEntryForm:
            kwargs["recommendations"] = engagement.recommendations.all()
        if form_class is ChangeRequestForm:
            kwargs["contacts"] = engagement.client.contacts.all()
        run_form_action(
            request,
            form_class(request.POST, **kwargs),
            service,
            engagement_id=engagement.pk,
            success=str(success),
        )
    return redirect("engagement_detail", engagement_id=engagement.pk)


# Actions on the rows of the engagement page: (form, service, id keyword, message).
ROW_ACTIONS = {
    "payment": (
        PaymentForm,
        "payment",
        payment_record,
        "invoice_id",
        gettext_lazy("Payment recorded."),
    ),
    "change-move": (
        ChangeRequestMoveForm,
        None,
        services.change_request_move,
        "change_request_id",
        gettext_lazy("Change request updated."),
    ),
    "decision": (
        DecisionForm,
        "decision",
        recommendation_decide,
        "recommendation_id",
        gettext_lazy("The client's decision is on record."),
    ),
    "implement": (
        None,
        None,
        recommendation_implement,
        "recommendation_id",
        gettext_lazy("Marked as implemented."),
    ),
    "risk-announce": (
        None,
        None,
        risk_announce,
        "risk_id",
        gettext_lazy("The risk is recorded as announced today."),
    ),
    "risk-occur": (
        RiskOccurForm,
        "occur",
        risk_occur,
        "risk_id",
        gettext_lazy("The situation is put to the client for a decision."),
    ),
    "risk-close": (None, None, risk_close, "risk_id", gettext_lazy("Risk closed.")),
}


@require_POST
@member_view(Perm.ENGAGEMENT_VIEW)
def engagement_row_action(request, engagement_id: int, action: str, row_id: int):
    """An action on one invoice, change request, recommendation or risk of the engagement.
    The service finds the row within the actor's reach; the engagement only sends back."""
    if action not in ROW_ACTIONS:
        raise Http404()
    form_class, prefix, service, id_name, success = ROW_ACTIONS[action]
    engagement = selectors.engagement_get(actor=request.actor, engagement_id=engagement_id)
    if form_class is None:
        try:
            service(actor=request.actor, **{id_name: row_id})
        except DomainError as exc:
            report_domain_error(request, None, exc)
        else:
            messages.success(request, str(success))
    else:
        run_form_action(
            request,
            form_class(request.POST, prefix=prefix),
            service,
            success=str(success),
            **{id_name: row_id},
        )
    return redirect("engagement_detail", engagement_id=engagement.pk)
