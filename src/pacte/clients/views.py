from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pacte.engagements.selectors import engagement_list
from pacte.exchanges.services import exchange_log
from pacte.kernel.errors import DomainError
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error, run_form_action
from pacte.portal.selectors import portal_users_of
from pacte.portal.services import portal_user_create

from . import selectors, services
from .forms import ClientForm, ContactForm, ExchangeForm, PortalAccessForm


def _filters():
    return [
        ("", gettext_lazy("All")),
        ("active", gettext_lazy("With an active engagement")),
        ("awaiting_deposit", gettext_lazy("Deposit not secured")),
        ("late_payer", gettext_lazy("Overdue invoices")),
        ("refusals", gettext_lazy("Recommendations refused")),
        ("silent", gettext_lazy("No news for too long")),
        ("no_engagement", gettext_lazy("No engagement yet")),
    ]


@member_view(Perm.CLIENT_VIEW)
def client_list(request):
    query = request.GET.get("q", "")
    status = request.GET.get("status", "")
    if status not in selectors.CLIENT_FILTERS:
        status = ""
    page = Paginator(
        selectors.client_list(actor=request.actor, query=query, status=status), 25
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "clients/list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "filters": _filters(),
        },
    )


@member_view(Perm.CLIENT_EDIT)
def client_create(request):
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_create(actor=request.actor, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("Client “%(name)s” created.") % {"name": client.name})
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/form.html", {"form": form, "client": None})


@member_view(Perm.CLIENT_EDIT)
def client_edit(request, client_id: int):
    client = selectors.client_get(actor=request.actor, client_id=client_id)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(actor=request.actor, client_id=client.pk, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/form.html", {"form": form, "client": client})


@member_view(Perm.CLIENT_VIEW)
def client_detail(request, client_id: int):
    actor = request.actor
    client = selectors.client_get(actor=actor, client_id=client_id)
    engagements = list(engagement_list(actor=actor, client=client))
    return render(
        request,
        "clients/detail.html",
        {
            "client": client,
            "contacts": selectors.contact_list(actor=actor, client=client),
            "engagements": engagements,
            "refusals": selectors.client_refusals(actor=actor, client=client),
            "punctuality": selectors.client_punctuality(actor=actor, client=client),
            "timeline": selectors.client_timeline(actor=actor, client=client),
            "contact_form": ContactForm(prefix="contact"),
            "portal_users": portal_users_of(actor=actor, client=client),
            "portal_form": PortalAccessForm(prefix="portal"),
            "exchange_form": ExchangeForm(
                prefix="exchange",
                engagements=engagements,
                initial={"direction": "outbound", "channel": client.preferred_channel or "email"},
            ),
        },
    )


@require_POST
@member_view(Perm.CLIENT_EDIT)
def contact_create(request, client_id: int):
    run_form_action(
        request,
        ContactForm(request.POST, prefix="contact"),
        services.contact_create,
        client_id=client_id,
        success=_("Contact added."),
    )
    return redirect("client_detail", client_id=client_id)


@require_POST
@member_view(Perm.PORTAL_USER_MANAGE)
def portal_access_create(request, client_id: int):
    """Invite a person of the client to the portal; they choose their password by email."""
    run_form_action(
        request,
        PortalAccessForm(request.POST, prefix="portal"),
        portal_user_create,
        client_id=client_id,
        success=_("Invitation sent: they will choose their password by email."),
    )
    return redirect("client_detail", client_id=client_id)


@require_POST
@member_view(Perm.EXCHANGE_LOG)
def exchange_create(request, client_id: int):
    client = selectors.client_get(actor=request.actor, client_id=client_id)
    form = ExchangeForm(
        request.POST,
        prefix="exchange",
        engagements=engagement_list(actor=request.actor, client=client),
    )
    run_form_action(request, form, exchange_log, client_id=client.pk, success=_("Exchange logged."))
    return redirect("client_detail", client_id=client_id)
