from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext

from pacte.kernel.errors import DomainError
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error

from .columns import COLUMNS, ImportKind, template_csv
from .forms import ImportForm
from .services import MAX_BYTES, MAX_ROWS, csv_import

# The page lists this many refused lines; the CLI and the API give them all.
ERRORS_SHOWN = 500


def _delimiter_for_reader() -> str:
    """French spreadsheets read `;` as the separator (`,` is their decimal mark)."""
    return ";" if (get_language() or "").startswith("fr") else ","


def _documentation() -> list[dict]:
    return [
        {"kind": kind, "label": label, "columns": COLUMNS[kind]}
        for kind, label in ImportKind.choices
    ]


def _done_message(report) -> str:
    counts = {"count": report.created}
    if report.kind == ImportKind.CLIENTS:
        text = ngettext("%(count)s client imported.", "%(count)s clients imported.", report.created)
    elif report.kind == ImportKind.CONTACTS:
        text = ngettext(
            "%(count)s contact imported.", "%(count)s contacts imported.", report.created
        )
    else:
        text = ngettext(
            "%(count)s invoice imported.", "%(count)s invoices imported.", report.created
        )
    return text % counts


@member_view(Perm.CSV_IMPORT)
def csv_import_page(request):
    """Upload a CSV of clients, contacts or invoices: check it (nothing is saved) or import it
    (all its lines or none)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = csv_import(
                actor=request.actor,
                kind=form.cleaned_data["kind"],
                file=upload,
                dry_run=request.POST.get("action") != "import",
                file_name=upload.name,
            )
        except DomainError as exc:
            report_domain_error(request, form, exc)
            status = 400
        else:
            if report.written:
                messages.success(request, _done_message(report))
                return redirect("csv_import")
            if not report.ok:
                status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "csvimport/import.html",
        {
            "form": form,
            "report": report,
            "errors_shown": report.errors[:ERRORS_SHOWN] if report else [],
            "documentation": _documentation(),
            "max_bytes": MAX_BYTES,
            "max_rows": MAX_ROWS,
        },
        status=status,
    )


@member_view(Perm.CSV_IMPORT)
def csv_template(request, kind: str):
    """The template of a kind: its header row and one example row, separated as the reader's
    spreadsheet expects, in UTF-8 with the BOM that tells Excel so."""
    if kind not in ImportKind.values:
        raise Http404()
    body = "\ufeff" + template_csv(kind, delimiter=_delimiter_for_reader())
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pacte-{kind}.csv"'
    return response
