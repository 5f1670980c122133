from pacte.clients.management.commands.clients import client_named, workspace_named
from pacte.evidence.services import evidence_pack
from pacte.kernel.management.base import PacteCommand, new_zip_path, written_whole
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
        target = new_zip_path(path)
        actor = Actor.system(workspace_named(workspace))
        chosen = client_named(actor, client)
        with written_whole(target) as out:
            manifest = evidence_pack(actor=actor, client_id=chosen.pk, out=out)
        self.stdout.write(
            f"{target}: {manifest['client_entries']} entries about {chosen.name} in a chain of "
            f"{manifest['ledger_length']} (head {manifest['ledger_head'][:16]}…). "
            "Check it with: python3 verify.py"
        )
