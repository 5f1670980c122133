from pathlib import Path

from django.core.management.base import CommandError

from pacte.casestudies.models import ExportFormat, ExportMode
from pacte.casestudies.services import case_study_export
from pacte.clients.management.commands.clients import workspace_named
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.tenancy import Actor


class Command(PacteCommand):
    help = "Work with case studies. `pacte casestudy export ID` prints one, behind the guard."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = actions.add_parser(
            "export",
            help="Export a case study for publication.",
            description="Export a case study, anonymised by default, through the same guard "
            "as the web and the API (R-CONSENT): refused for a confidential client, refused "
            "named without the client's consents, refused when the anonymised text still "
            "betrays the client. The SHA-256 of the text is written to the ledger.",
        )
        export.add_argument("id", type=int, metavar="ID", help="The case study's id.")
        export.add_argument("--format", default="md", choices=ExportFormat.values)
        export.add_argument("--mode", default="anonymised", choices=ExportMode.values)
        export.add_argument(
            "--output", metavar="PATH", help="Write to this file (required for odt)."
        )
        export.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )

    def handle(self, *args, action, **options):
        if action == "export":
            self.export(**options)

    def export(self, *, id, format, mode, output, workspace, **options):
        if format == ExportFormat.ODT and not output:
            raise CommandError("an ODT file is binary: give --output PATH.", returncode=2)
        actor = Actor.system(workspace_named(workspace))
        export = case_study_export(actor=actor, case_study_id=id, mode=mode, fmt=format)
        if output:
            path = Path(output)
            try:
                path.write_bytes(export.content)
            except OSError as exc:
                raise CommandError(f"cannot write {path}: {exc.strerror}.", returncode=1) from None
            self.stderr.write(f"Wrote {path} (SHA-256 {export.sha256}, recorded in the ledger).")
        else:
            self.stdout.write(export.text, ending="")
