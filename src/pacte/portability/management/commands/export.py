from pacte.clients.management.commands.clients import workspace_named
from pacte.kernel.management.base import PacteCommand, new_zip_path, written_whole
from pacte.kernel.tenancy import Actor
from pacte.portability.progress import progress_bar
from pacte.portability.services import workspace_export


class Command(PacteCommand):
    help = (
        "Export a whole workspace to a zip: every record as JSON Lines and CSV, the attached "
        "files, the proof ledger and a README. `pacte import` reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("workspace", metavar="WORKSPACE", help="The workspace's exact name.")
        parser.add_argument("path", metavar="PATH.zip", help="Where to write the export.")

    def handle(self, *args, workspace, path, **options):
        target = new_zip_path(path)
        actor = Actor.system(workspace_named(workspace))
        with written_whole(target) as out, progress_bar("Exporting", self.stderr) as progress:
            manifest = workspace_export(actor=actor, out=out, progress=progress)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Exported {manifest['workspace']} to {target}: {rows} rows, "
            f"{manifest['ledger_length']} ledger entries, {len(manifest['files'])} files."
        )
