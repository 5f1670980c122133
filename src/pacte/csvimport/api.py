"""Import from a spreadsheet in the API: the same service as the upload page and the command."""

from django.http import JsonResponse
from django.utils.translation import ngettext
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from pacte.kernel.api_schema import choice

from .columns import COLUMNS, ImportKind
from .services import MAX_BYTES, MAX_ROWS, csv_import

router = Router(tags=["imports"])


class ImportReportOut(Schema):
    kind: str
    dry_run: bool
    rows: int
    created: int
    payments: int
    sha256: str
    written: bool


def _columns_description() -> str:
    return " ".join(
        f"`{kind}`: "
        + ", ".join(f"`{c.name}`" + (" (required)" if c.required else "") for c in COLUMNS[kind])
        + "."
        for kind in ImportKind.values
    )


@router.post(
    "/imports/csv",
    response={200: ImportReportOut},
    summary="Import clients, contacts or invoices from a CSV file (multipart: kind, file, dry_run)",
    description="Each line goes through the service that creates such a record, so every "
    "rule applies. All the lines are kept or none: when any line is refused the answer is "
    "400 `import_refused` (the API's `Error`, plus `lines`: each refused line as "
    "{line, column, message}, the header being line 1), and "
    "nothing is saved. `dry_run` checks every line and saves nothing. A file refused whole "
    f"(unknown or missing columns, not text, more than {MAX_BYTES // (1024 * 1024)} MB or "
    f"{MAX_ROWS:,} lines) is a 400 naming `file`. Separated by `,` or `;`, in UTF-8 (with or "
    f"without BOM) or Windows-1252. Columns: {_columns_description()} An import is journaled "
    "with its counts and the SHA-256 of the file. Owners and managers only.",
    url_name="csv_import",
)
def import_csv(
    request,
    kind: Form[choice(ImportKind)],
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
):
    report = csv_import(
        actor=request.actor, kind=kind, file=file, dry_run=dry_run, file_name=file.name or ""
    )
    if not report.ok:
        count = len(report.errors)
        first = report.errors[0]
        detail = ngettext(
            "%(count)s line refused, nothing was saved. Line %(line)s: %(message)s",
            "%(count)s lines refused, nothing was saved. First, line %(line)s: %(message)s",
            count,
        ) % {"count": count, "line": first.line, "message": first.message}
        return JsonResponse(
            {
                "code": "import_refused",
                "detail": detail,
                "fields": {"file": [detail]},
                "lines": [
                    {"line": e.line, "column": e.column, "message": e.message}
                    for e in report.errors
                ],
            },
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return Status(
        200,
        {
            "kind": report.kind,
            "dry_run": report.dry_run,
            "rows": report.rows,
            "created": report.created,
            "payments": report.payments,
            "sha256": report.sha256,
            "written": report.written,
        },
    )
