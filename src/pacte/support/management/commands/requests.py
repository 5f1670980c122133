from django.utils import timezone

from pacte.clients.management.commands.clients import client_named, workspace_named
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.management.output import add_format_argument, write_rows
from pacte.kernel.tenancy import Actor
from pacte.support.models import RequestStatus
from pacte.support.selectors import breaches_of, support_request_list

COLUMNS = [
    "id",
    "received_at",
    "client",
    "summary",
    "priority",
    "status",
    "first_response_at",
    "resolved_at",
    "breached",
    "client_id",
]
# At most this many requests are printed, the newest first.
LIMIT = 500


def _iso(value) -> str:
    """In the workspace's time zone (PACTE_TIME_ZONE), with its offset: the table shows the
    hour the people concerned read on their clocks."""
    return timezone.localtime(value).isoformat() if value else ""


class Command(PacteCommand):
    help = "Work with support requests. `pacte requests list` prints them, newest first."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = actions.add_parser(
            "list",
            help="List the support requests of a workspace.",
            description="List the support requests of a workspace, newest first (at most "
            f"{LIMIT}), with their status and the SLAs they breached.",
        )
        listing.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )
        listing.add_argument("--client", default="", metavar="NAME", help="One client's only.")
        listing.add_argument(
            "--status", default="", choices=["", *RequestStatus.values], help="Only this status."
        )
        listing.add_argument(
            "--open", action="store_true", help="Only requests not resolved nor cancelled."
        )
        add_format_argument(listing)

    def handle(self, *args, action, **options):
        if action == "list":
            self.list(**options)

    def list(self, *, workspace, client, status, open, format, **options):
        actor = Actor.system(workspace_named(workspace))
        chosen = None
        if client.strip():
            chosen = client_named(actor, client)
        requests = list(
            support_request_list(actor=actor, client=chosen, status=status, running=open)[:LIMIT]
        )
        breaches = breaches_of(actor=actor, requests=requests)
        rows = [
            {
                "id": r.pk,
                "received_at": _iso(r.received_at),
                "client": r.client.name,
                "summary": r.summary,
                "priority": r.priority,
                "status": r.status,
                "first_response_at": _iso(r.first_response_at),
                "resolved_at": _iso(r.resolved_at),
                "breached": ", ".join(s.metric for s in breaches.get(r.pk, [])),
                "client_id": r.client_id,
            }
            for r in requests
        ]
        where = f"{chosen.name} ({actor.workspace.name})" if chosen else actor.workspace.name
        write_rows(
            self.stdout,
            rows,
            format=format,
            columns=COLUMNS,
            headers=["Id", "Received", "Client", "Request", "Priority", "Status", "Breached"],
            cells=lambda r: [
                str(r["id"]),
                r["received_at"][:16].replace("T", " "),
                r["client"],
                r["summary"],
                r["priority"],
                r["status"],
                r["breached"] or "—",
            ],
            empty=f"No support request in {where}.",
            summary=f"{len(rows)} request(s) in {where}.",
        )
