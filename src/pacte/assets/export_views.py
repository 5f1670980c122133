"""Downloads of the action log and the asset sheet (R-OWN 11), and the handoff dossier as a
printable page and a zip (DOMAIN §6). The members' space only: the portal has its own."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pacte.clients.selectors import client_get
from pacte.core.permissions import Perm
from pacte.core.web import member_view
from pacte.engagements.selectors import engagement_get
from pacte.handoff.dossier import dossier_get, dossier_zip

from .exports import (
    ACTION_LOG_HEADERS,
    ASSET_SHEET_HEADERS,
    action_log_rows,
    asset_sheet_rows,
    headers,
    to_csv,
    to_ods,
    to_xlsx,
)
from .selectors import action_log_list, asset_list

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "zip": "application/zip",
}


def download_name(client, what: str, ext: str) -> str:
    """`boulangerie-alpha-action-log-2026-03-01.xlsx`: whose, what, when."""
    slug = slugify(client.name) or f"client-{client.pk}"
    return f"{slug}-{what}-{timezone.localdate().isoformat()}.{ext}"


def attachment(content: bytes, *, ext: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[ext])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _spreadsheet(fmt: str, title, header_row, rows) -> bytes:
    if fmt == "csv":
        return to_csv(header_row, rows)
    if fmt == "xlsx":
        return to_xlsx(title, header_row, rows)
    if fmt == "ods":
        return to_ods(title, header_row, rows)
    raise Http404()


@member_view(Perm.CLIENT_VIEW)
def action_log_export(request, client_id: int, fmt: str):
    actor = request.actor
    client = client_get(actor=actor, client_id=int(client_id))
    entries = action_log_list(actor=actor, client=client).select_related("client")
    content = _spreadsheet(
        fmt, _("Action log"), headers(ACTION_LOG_HEADERS), action_log_rows(entries)
    )
    return attachment(content, ext=fmt, filename=download_name(client, "action-log", fmt))


@member_view(Perm.CLIENT_VIEW)
def asset_sheet_export(request, client_id: int, fmt: str):
    actor = request.actor
    client = client_get(actor=actor, client_id=int(client_id))
    assets = asset_list(actor=actor, client=client)
    content = _spreadsheet(fmt, _("Assets"), headers(ASSET_SHEET_HEADERS), asset_sheet_rows(assets))
    return attachment(content, ext=fmt, filename=download_name(client, "assets", fmt))


@member_view(Perm.CLIENT_VIEW)
def handoff_dossier(request, engagement_id: int):
    actor = request.actor
    engagement = engagement_get(actor=actor, engagement_id=engagement_id)
    dossier = dossier_get(actor=actor, engagement=engagement)
    return render(request, "handoff/dossier.html", {"d": dossier, "engagement": engagement})


@member_view(Perm.CLIENT_VIEW)
def handoff_dossier_zip(request, engagement_id: int):
    actor = request.actor
    engagement = engagement_get(actor=actor, engagement_id=engagement_id)
    content = dossier_zip(actor=actor, engagement=engagement)
    return attachment(
        content, ext="zip", filename=download_name(engagement.client, "handoff-dossier", "zip")
    )
