from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pacte.attachments.selectors import attachments_of
from pacte.clients.selectors import client_get, contact_list
from pacte.kernel.errors import DomainError
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error

from . import selectors, services
from .attachments import KIND as CONSENT_KIND
from .forms import ConsentForm, RevokeForm
from .models import Consent

PER_PAGE = 50


def _register_page(request, client, *, form=None, revoke_forms=None, status=200):
    actor = request.actor
    today = timezone.localdate()
    can_record = actor.can(Perm.CONSENT_RECORD)
    contacts = list(contact_list(actor=actor, client=client)) if can_record else []
    if can_record and form is None:
        form = ConsentForm(contacts=contacts, initial={"on": today})
    scopes = selectors.consent_register(actor=actor, client=client, on=today)
    revoke_forms = revoke_forms or {}
    for standing in scopes:
        for consent in standing.history:
            consent.revocable = (
                can_record
                and consent.granted
                and consent.revoked_on is None
                and (consent.until is None or consent.until >= today)
            )
            if consent.revocable:
                consent.revoke_form = revoke_forms.get(consent.pk) or RevokeForm(
                    contacts=contacts, initial={"on": today}, prefix=f"revoke-{consent.pk}"
                )
    records = [consent.pk for standing in scopes for consent in standing.history]
    return render(
        request,
        "consents/client_register.html",
        {
            "client": client,
            "scopes": scopes,
            # The evidence of every record (the signed consent, the letter): one query.
            "files": attachments_of(actor=actor, subject_kind=CONSENT_KIND, subject_ids=records),
            "form": form,
            "may_be_named": selectors.may_be_named(client),
            "expiring": selectors.expiring_consents(actor=actor, on=today, client=client),
            "today": today,
        },
        status=status,
    )


@member_view(Perm.CONSENT_VIEW)
def client_register(request, client_id: int):
    """R-CONSENT: per scope, the decision that stands and its history; grant, refuse, revoke."""
    client = client_get(actor=request.actor, client_id=client_id)
    return _register_page(request, client)


@member_view(Perm.CONSENT_RECORD)
@require_POST
def consent_record(request, client_id: int):
    actor = request.actor
    client = client_get(actor=actor, client_id=client_id)
    contacts = list(contact_list(actor=actor, client=client))
    form = ConsentForm(request.POST, contacts=contacts)
    if form.is_valid():
        try:
            services.consent_record(actor=actor, client_id=client.pk, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("consent_register", client_id=client.pk)
    return _register_page(request, client, form=form, status=400)


@member_view(Perm.CONSENT_RECORD)
@require_POST
def consent_revoke(request, client_id: int, consent_id: int):
    actor = request.actor
    client = client_get(actor=actor, client_id=client_id)
    # Through the client of the URL: another client's record is not found here.
    consent = actor.get_or_404(Consent.objects.filter(client=client), pk=consent_id)
    contacts = list(contact_list(actor=actor, client=client))
    form = RevokeForm(request.POST, contacts=contacts, prefix=f"revoke-{consent.pk}")
    if form.is_valid():
        try:
            services.consent_revoke(actor=actor, consent_id=consent.pk, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("Revocation recorded."))
            return redirect("consent_register", client_id=client.pk)
    return _register_page(request, client, revoke_forms={consent.pk: form}, status=400)


@member_view(Perm.CONSENT_VIEW)
def workspace_register(request):
    """All clients: who may be named, by scope; what expires; the reference list."""
    actor = request.actor
    today = timezone.localdate()
    page = Paginator(selectors.register_clients(actor=actor), PER_PAGE).get_page(
        request.GET.get("page")
    )
    references = selectors.reference_list(actor=actor, on=today)
    return render(
        request,
        "consents/workspace_register.html",
        {
            "page": page,
            "rows": selectors.workspace_register(actor=actor, on=today, clients=page.object_list),
            "scopes": selectors.ConsentScope.choices,
            "expiring": selectors.expiring_consents(actor=actor, on=today),
            # The page shows the first names; the downloads carry the whole list.
            "references": references[:PER_PAGE],
            "references_more": max(0, len(references) - PER_PAGE),
            "can_export": actor.can(Perm.REFERENCE_EXPORT),
            "today": today,
        },
    )


@member_view(Perm.REFERENCE_EXPORT)
def references_export(request, format: str):
    text, content_type, filename = services.reference_list_export(
        actor=request.actor, format=format
    )
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
