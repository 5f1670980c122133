"""The members' pages of case studies: an engagement's list (and a new one), one case study
(edit, anonymised preview, consents, exports), and the export itself behind the guard."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from pacte.clients.models import Contact
from pacte.engagements.selectors import engagement_get
from pacte.kernel.errors import Conflict, DomainError, InvalidInput
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error

from . import selectors, services
from .forms import CaseStudyEditForm, CaseStudyForm
from .models import ExportFormat, ExportMode

PER_PAGE = 50


@member_view(Perm.INTERNAL_VIEW)
def engagement_case_studies(request, engagement_id: int):
    actor = request.actor
    engagement = engagement_get(actor=actor, engagement_id=engagement_id)
    form = None
    if actor.can(Perm.CASE_STUDY_EDIT):
        form = CaseStudyForm(request.POST or None)
    elif request.method == "POST":
        actor.require(Perm.CASE_STUDY_EDIT)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            study = services.case_study_create(
                actor=actor, engagement_id=engagement.pk, **form.cleaned_data
            )
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(
                request, _("Case study written: nothing leaves Pacte until you export it.")
            )
            return redirect("case_study_detail", case_study_id=study.pk)
    rows = selectors.case_study_list(actor=actor, engagement=engagement)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "casestudies/engagement_list.html",
        {"engagement": engagement, "page": page, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _language() -> str:
    return "en" if (translation.get_language() or "fr").startswith("en") else "fr"


def _page(request, study, *, form=None, refusal=None, status=200):
    actor = request.actor
    preview = selectors.preview(actor=actor, case_study=study, language=_language())
    return render(
        request,
        "casestudies/detail.html",
        {
            "study": study,
            "form": form,
            "pub": selectors.publication(actor=actor, case_study=study),
            "preview": preview.fields,
            "leaks": preview.leaks,
            "refusal": refusal,
            "can_export": actor.can(Perm.CASE_STUDY_EXPORT),
            "modes": ExportMode.choices,
            "formats": ExportFormat.choices,
        },
        status=status,
    )


def _edit_form(actor, study, data=None):
    contacts = (
        Contact.objects.for_actor(actor)
        .filter(client_id=study.client_id)
        .order_by("full_name", "pk")
    )
    initial = {
        "title": study.title,
        "descriptor": study.descriptor,
        "body": study.body,
        "results": study.results,
        "testimonial": study.testimonial,
        "testimonial_by_id": study.testimonial_by_id or "",
    }
    return CaseStudyEditForm(data, initial=initial, contacts=list(contacts))


@member_view(Perm.INTERNAL_VIEW)
def case_study_detail(request, case_study_id: int):
    actor = request.actor
    study = selectors.case_study_get(actor=actor, case_study_id=case_study_id)
    form = None
    if actor.can(Perm.CASE_STUDY_EDIT):
        form = _edit_form(actor, study, request.POST or None)
    elif request.method == "POST":
        actor.require(Perm.CASE_STUDY_EDIT)
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                services.case_study_update(actor=actor, case_study_id=study.pk, **form.cleaned_data)
            except DomainError as exc:
                report_domain_error(request, form, exc)
            else:
                messages.success(request, _("Case study saved."))
                return redirect("case_study_detail", case_study_id=study.pk)
        return _page(request, study, form=form, status=400)
    return _page(request, study, form=form)


@member_view(Perm.CASE_STUDY_EXPORT)
def case_study_export(request, case_study_id: int, mode: str, fmt: str):
    """The download, or the case study's page with the guard's refusal (409)."""
    actor = request.actor
    study = selectors.case_study_get(actor=actor, case_study_id=case_study_id)
    try:
        export = services.case_study_export(actor=actor, case_study_id=study.pk, mode=mode, fmt=fmt)
    except (Conflict, InvalidInput) as exc:
        form = _edit_form(actor, study) if actor.can(Perm.CASE_STUDY_EDIT) else None
        return _page(request, study, form=form, refusal=exc, status=409)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
