from pathlib import Path

from django.core.management.base import CommandError

from pacte.clients.management.commands.clients import client_named, workspace_named
from pacte.evidence.services import evidence_pack
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.tenancy import Actor


class Command(PacteCommand):
    help = (
        "Write a client's dispute evidence pack: its dated records, the ledger that proves "
        "them and verify.py, a checker a third party runs with Python alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("client", metavar="CLIENT", help="The client's id or exact name.")
        parser.add_argument("path", metavar="PATH.zip", help="Where to write the pack.")
        parser.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )

    def handle(self, *args, client, path, workspace, **options):
        target = Path(path)
        if target.suffix.lower() != ".zip":
            raise CommandError("PATH must end with .zip.", returncode=2)
        if target.exists():
            raise CommandError(f"{target} exists already: choose another path.", returncode=2)
        if not target.parent.is_dir():
            raise CommandError(f"the folder {target.parent} does not exist.", returncode=2)
        actor = Actor.system(workspace_named(workspace))
        chosen = client_named(actor, client)
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("wb") as out:
                manifest = evidence_pack(actor=actor, client_id=chosen.pk, out=out)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(
            f"{target}: {manifest['client_entries']} entries about {chosen.name} in a chain of "
            f"{manifest['ledger_length']} (head {manifest['ledger_head'][:16]}…). "
            "Check it with: python3 verify.py"
        )
