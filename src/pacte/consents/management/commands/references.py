from pathlib import Path

from django.core.management.base import CommandError

from pacte.clients.management.commands.clients import workspace_named
from pacte.consents.services import EXPORT_FORMATS, reference_list_export
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.tenancy import Actor


class Command(PacteCommand):
    help = (
        "Export the reference list. `pacte references export --format csv|html [PATH]` writes "
        "the clients that may be named, with a reference consent in force (R-CONSENT)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = actions.add_parser(
            "export",
            help="Write the reference list as CSV or HTML.",
            description="Write the reference list: clients whose level is “may be named” and "
            "whose reference consent is in force today, the logo flagged where consented. "
            "The export is journaled.",
        )
        export.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )
        export.add_argument("--format", default="csv", choices=EXPORT_FORMATS)
        export.add_argument("path", nargs="?", default="", metavar="PATH", help="Stdout if absent.")

    def handle(self, *args, action, **options):
        if action == "export":
            self.export(**options)

    def export(self, *, workspace, format, path, **options):
        actor = Actor.system(workspace_named(workspace))
        text, _content_type, _name = reference_list_export(actor=actor, format=format)
        if not path:
            self.stdout.write(text, ending="")
            return
        target = Path(path)
        if target.is_dir():
            raise CommandError(f"“{path}” is a folder: give a file name.", returncode=2)
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write “{path}”: {exc.strerror}.", returncode=2) from None
        self.stderr.write(f"Reference list written to {path}.")
