"""Downloads of the action log and the asset sheet (R-OWN 11). The members' space only: the
portal has its own. The handoff dossier is `pacte.handoff`'s."""

from django.http import Http404
from django.utils.translation import gettext as _

from pacte.clients.selectors import client_get
from pacte.kernel.office import attachment, download_name, headers, to_csv, to_ods, to_xlsx
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view

from .exports import ACTION_LOG_HEADERS, ASSET_SHEET_HEADERS, action_log_rows, asset_sheet_rows
from .selectors import action_log_list, asset_list


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
