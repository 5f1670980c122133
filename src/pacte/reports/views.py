"""The pages of status reports: one report for members (its text, the edit form while it is
not sent, review and send, who did what and when, print and PDF), and the client's sent
reports in the portal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pacte.kernel.errors import DomainError
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, place_on_fields, portal_view

from . import selectors, services
from .forms import ReportEditForm
from .models import EDITABLE
from .writing import blocks

PER_PAGE = 50


def _detail(request, report, *, form=None, status=200):
    actor = request.actor
    editable = report.status in EDITABLE
    if form is None and editable and actor.can(Perm.REPORT_EDIT):
        form = ReportEditForm(initial={"body": report.body}, prefix="report")
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "blocks": blocks(report.body),
            "form": form if editable else None,
            "can_review": report.status == "draft" and actor.can(Perm.REPORT_EDIT),
            "can_send": report.status == "reviewed" and actor.can(Perm.REPORT_SEND),
            "pdf": selectors.pdf_available(),
        },
        status=status,
    )


@member_view(Perm.REPORT_VIEW)
def report_detail(request, report_id: int):
    return _detail(request, selectors.report_get(actor=request.actor, report_id=report_id))


@require_POST
@member_view(Perm.REPORT_EDIT)
def report_edit(request, report_id: int):
    actor = request.actor
    report = selectors.report_get(actor=actor, report_id=report_id)
    form = ReportEditForm(request.POST, prefix="report")
    if form.is_valid():
        try:
            services.report_edit(actor=actor, report_id=report.pk, body=form.cleaned_data["body"])
        except DomainError as exc:
            if not place_on_fields(form, exc):
                messages.error(request, exc.detail)
                return redirect("report_detail", report_id=report.pk)
        else:
            messages.success(request, _("Report saved."))
            return redirect("report_detail", report_id=report.pk)
    report = selectors.report_get(actor=actor, report_id=report_id)
    return _detail(request, report, form=form, status=400)


def _step(request, report_id: int, service, success: str):
    actor = request.actor
    report = selectors.report_get(actor=actor, report_id=report_id)
    try:
        service(actor=actor, report_id=report.pk)
    except DomainError as exc:
        place_on_fields(None, exc)  # "not found" and "not allowed" go on to the decorator
        messages.error(request, exc.detail)
    else:
        messages.success(request, success)
    return redirect("report_detail", report_id=report.pk)


@require_POST
@member_view(Perm.REPORT_EDIT)
def report_review(request, report_id: int):
    return _step(request, report_id, services.report_review, _("Report marked as reviewed."))


@require_POST
@member_view(Perm.REPORT_SEND)
def report_send(request, report_id: int):
    return _step(
        request, report_id, services.report_send, _("Report sent to the client's contacts.")
    )


def _pdf(request, report):
    """The report as PDF, with WeasyPrint (the optional `pdf` extra); 404 without it."""
    if not selectors.pdf_available():
        raise Http404()
    # Optional (the `pdf` extra): imported only when it is installed.
    import weasyprint

    html = render_to_string(
        "reports/report_pdf.html", {"report": report, "blocks": blocks(report.body)}, request
    )
    # The stylesheet is read from the installed files: no fetch over the network.
    stylesheet = weasyprint.CSS(filename=finders.find("reports/report-pdf.css"))
    pdf = weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"status-report-{report.pk}-{report.period_end.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@member_view(Perm.REPORT_VIEW)
def report_pdf(request, report_id: int):
    return _pdf(request, selectors.report_get(actor=request.actor, report_id=report_id))


# --- The portal ------------------------------------------------------------------------------


@portal_view(Perm.REPORT_VIEW)
def portal_report_list(request):
    rows = selectors.sent_reports_for_portal(actor=request.actor)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/portal/report_list.html", {"page": page})


@portal_view(Perm.REPORT_VIEW)
def portal_report(request, report_id: int):
    report = selectors.report_get(actor=request.actor, report_id=report_id)
    return render(
        request,
        "reports/portal/report.html",
        {"report": report, "blocks": blocks(report.body), "pdf": selectors.pdf_available()},
    )


@portal_view(Perm.REPORT_VIEW)
def portal_report_pdf(request, report_id: int):
    return _pdf(request, selectors.report_get(actor=request.actor, report_id=report_id))
