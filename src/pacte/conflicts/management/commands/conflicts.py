from django.core.management.base import CommandError
from django.utils import timezone

from pacte.clients.management.commands.clients import client_named, workspace_named
from pacte.conflicts.models import ConflictStatus
from pacte.conflicts.selectors import CLOSED, OPEN, conflict_list, is_past_follow_up
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.management.output import add_format_argument, write_rows
from pacte.kernel.tenancy import Actor

COLUMNS = [
    "id",
    "opened_on",
    "client",
    "summary",
    "cause",
    "status",
    "follow_up_on",
    "past_follow_up",
    "closed_on",
    "client_id",
]
# At most this many cases are printed, the newest first.
LIMIT = 500


def _day(value) -> str:
    return value.isoformat() if value else ""


class Command(PacteCommand):
    help = "Work with conflict cases. `pacte conflicts list` prints them, newest first."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = actions.add_parser(
            "list",
            help="List the conflict cases of a workspace.",
            description="List the conflict cases of a workspace, newest first (at most "
            f"{LIMIT}), with their step of the playbook and whether their follow-up date "
            "has passed.",
        )
        listing.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )
        listing.add_argument("--client", default="", metavar="NAME", help="One client's only.")
        listing.add_argument(
            "--status", default="", choices=["", *ConflictStatus.values], help="Only this status."
        )
        listing.add_argument("--open", action="store_true", help="Only cases still open.")
        listing.add_argument("--closed", action="store_true", help="Only closed cases.")
        add_format_argument(listing)

    def handle(self, *args, action, **options):
        if action == "list":
            self.list(**options)

    def list(self, *, workspace, client, status, open, closed, format, **options):
        if open and closed:
            raise CommandError("choose --open or --closed, not both.", returncode=2)
        actor = Actor.system(workspace_named(workspace))
        chosen = None
        if client.strip():
            chosen = client_named(actor, client)
        state = OPEN if open else CLOSED if closed else ""
        today = timezone.localdate()
        cases = list(conflict_list(actor=actor, client=chosen, status=status, state=state)[:LIMIT])
        rows = [
            {
                "id": c.pk,
                "opened_on": _day(c.opened_on),
                "client": c.client.name,
                "summary": c.summary,
                "cause": c.cause,
                "status": c.status,
                "follow_up_on": _day(c.follow_up_on),
                "past_follow_up": is_past_follow_up(c, today),
                "closed_on": _day(c.closed_on),
                "client_id": c.client_id,
            }
            for c in cases
        ]
        where = f"{chosen.name} ({actor.workspace.name})" if chosen else actor.workspace.name
        write_rows(
            self.stdout,
            rows,
            format=format,
            columns=COLUMNS,
            headers=["Id", "Opened", "Client", "Conflict", "Cause", "Status", "Follow-up"],
            cells=lambda r: [
                str(r["id"]),
                r["opened_on"],
                r["client"],
                r["summary"],
                r["cause"] or "—",
                r["status"],
                (r["follow_up_on"] + (" (past)" if r["past_follow_up"] else ""))
                if r["follow_up_on"]
                else "—",
            ],
            empty=f"No conflict case in {where}.",
            summary=f"{len(rows)} conflict case(s) in {where}.",
        )
