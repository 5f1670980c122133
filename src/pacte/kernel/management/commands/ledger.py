from django.core.management.base import CommandError

from pacte.kernel import ledger, tasks
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.models import Workspace


class Command(PacteCommand):
    help = "Work with the proof ledger. `pacte ledger verify` checks every hash chain."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = actions.add_parser(
            "verify",
            help="Verify the hash chain of every workspace's ledger.",
            description="Verify the hash chain of each workspace's ledger. Prints OK with the "
            "count, or the first broken entry, and exits non-zero when a chain is broken. "
            "By default only the entries written since the last verification are walked "
            "(the entry verified last must still carry its hash); --full walks every entry "
            "from the first one, which alone finds a change made before the last "
            "verification, and records the result shown on the ledger page.",
        )
        verify.add_argument("--workspace", metavar="NAME", help="Only this workspace.")
        verify.add_argument(
            "--full",
            action="store_true",
            help="Walk the whole chain from its first entry (uses every core).",
        )

    def handle(self, *args, action, **options):
        if action == "verify":
            self.verify(**options)

    def verify(self, *, workspace, full, **options):
        workspaces = Workspace.objects.order_by("name")
        if workspace:
            workspaces = workspaces.filter(name__iexact=workspace.strip())
            if not workspaces.exists():
                raise CommandError(f"there is no workspace “{workspace}”.", returncode=2)
        if not workspaces.exists():
            self.stdout.write("OK 0 entries (no workspace yet)")
            return
        broken = 0
        for each in workspaces:
            try:
                if full:
                    result = ledger.verify_full(each, processes=tasks.walk_processes())
                else:
                    result = ledger.verify(each)
            except KeyboardInterrupt:
                raise CommandError(
                    "interrupted: the verification was stopped.", returncode=130
                ) from None
            self.stdout.write(result.describe())
            broken += not result.ok
        if broken:
            raise CommandError(f"{broken} ledger(s) broken.", returncode=1)
