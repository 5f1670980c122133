from pathlib import Path

from django.core.management.base import CommandError

from pacte.kernel.management.base import PacteCommand
from pacte.portability.progress import progress_bar
from pacte.portability.services import workspace_import


class Command(PacteCommand):
    help = (
        "Import a workspace exported by `pacte export`, with new ids, beside any workspace "
        "already here. Checks every file's hash and the ledger's chain; on any error nothing "
        "is written. New people get a link to choose their password, unless --no-invite."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH.zip", help="The export to read.")
        parser.add_argument(
            "--no-invite",
            action="store_true",
            help="Send no email: people choose a password later with “Forgotten password”.",
        )

    def handle(self, *args, path, no_invite, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{source} does not exist.", returncode=2)
        with progress_bar("Importing", self.stderr) as progress:
            result = workspace_import(source=source, invite=not no_invite, progress=progress)
        invited = f", {result.invited} people invited to choose a password" if not no_invite else ""
        self.stdout.write(
            f"Imported {result.workspace.name}: {result.rows} rows, "
            f"{result.ledger_length} ledger entries, chain verified{invited}."
        )
        if result.existing_people:
            self.stdout.write(
                "Already with an account here, now with their place in the workspace: "
                + ", ".join(result.existing_people)
                + "."
            )
