"""The web face of attachments: a download for whoever can see the record (members and the
client's own portal users), and an upload that goes back to the page it came from."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pacte.kernel.errors import DomainError, NotFound, PermissionDenied
from pacte.kernel.web import signed_in_view

from . import selectors, services
from .forms import AttachmentForm

# Shown in the browser rather than downloaded: formats a browser renders without running
# anything (the PDF viewer, images). Everything else is an attachment to save.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/webp", "image/gif"}


def file_response(attachment, *, inline: bool = False) -> FileResponse:
    handle = attachment.file.open("rb")
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    # Nothing a file holds may run in Pacte's origin, even if a browser were to render it.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@signed_in_view()
def attachment_download(request, attachment_id: int):
    attachment = selectors.attachment_for_download(actor=request.actor, attachment_id=attachment_id)
    inline = request.GET.get("inline") == "1" and attachment.content_type in INLINE_TYPES
    return file_response(attachment, inline=inline)


def _back(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.headers.get("referer") or fallback
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@signed_in_view()
def attachment_upload(request, subject_kind: str, subject_id: int):
    """Attach a file, then back to the page (htmx follows the redirect too). A refusal is a
    message on that page; "not found" and "not allowed" answer 404 and 403."""
    # Out of reach (404) or not allowed (403) before the file is even looked at.
    selectors.attach_target(actor=request.actor, subject_kind=subject_kind, subject_id=subject_id)
    form = AttachmentForm(request.POST, request.FILES)
    back = _back(request)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return _redirect(request, back)
    try:
        attachment = services.attachment_add(
            actor=request.actor,
            subject_kind=subject_kind,
            subject_id=subject_id,
            upload=form.cleaned_data["file"],
            purpose=form.cleaned_data["purpose"] or "evidence",
        )
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        messages.error(request, exc.detail)
        return _redirect(request, back)
    messages.success(request, _("File attached: %(name)s.") % {"name": attachment.name})
    return _redirect(request, back)


def _redirect(request, url: str):
    if request.headers.get("HX-Request"):
        # htmx: load the page the form was on again, so every panel shows the new file (an
        # XHR would follow a 302 silently and swap the whole page into the form's target).
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)
