from pathlib import Path

from django.core.management.base import CommandError

from pacte.clients.management.commands.clients import workspace_named
from pacte.csvimport.columns import COLUMNS, ImportKind
from pacte.csvimport.services import MAX_BYTES, csv_import
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.tenancy import Actor


def _columns_help() -> str:
    return " ".join(
        f"{kind}: {', '.join(c.name + ('*' if c.required else '') for c in COLUMNS[kind])}."
        for kind in ImportKind.values
    )


class Command(PacteCommand):
    help = (
        "Import clients, contacts or invoices from a CSV file, through the same rules as the "
        "web page: all the lines or none, each refused line named."
    )

    def add_arguments(self, parser):
        parser.epilog = (
            f"Columns (* required): {_columns_help()} Separated by , or ;, in UTF-8 or "
            "Windows-1252; the first line names the columns. The upload page documents each "
            "column and offers a template."
        )
        parser.add_argument(
            "kind", metavar="KIND", choices=ImportKind.values, help=" | ".join(ImportKind.values)
        )
        parser.add_argument("path", metavar="PATH.csv", help="The CSV file to read.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every line and report; save nothing.",
        )
        parser.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )

    def handle(self, *args, kind, path, dry_run, workspace, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"there is no file {source}.", returncode=2)
        if source.stat().st_size > MAX_BYTES:
            raise CommandError(
                f"{source} is larger than {MAX_BYTES // (1024 * 1024)} MB: split it.",
                returncode=2,
            )
        actor = Actor.system(workspace_named(workspace))
        try:
            raw = source.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {source}: {exc.strerror}.", returncode=2) from None
        report = csv_import(
            actor=actor, kind=kind, file=raw, dry_run=dry_run, file_name=source.name
        )
        if not report.ok:
            for error in report.errors:
                column = f" [{error.column}]" if error.column else ""
                self.stderr.write(f"{source.name}:{error.line}{column}: {error.message}")
            raise CommandError(
                f"{len(report.errors)} problem(s) in {report.rows} line(s): nothing was saved.",
                returncode=2,
            )
        payments = f", {report.payments} payment(s)" if report.payments else ""
        if dry_run:
            self.stdout.write(
                f"{source.name}: {report.created} {kind} would be imported{payments}. "
                "Nothing was saved (dry run)."
            )
        else:
            self.stdout.write(
                f"{source.name}: {report.created} {kind} imported{payments} into "
                f"{actor.workspace.name} (SHA-256 {report.sha256[:16]}…)."
            )
