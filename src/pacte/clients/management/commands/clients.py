from django.core.management.base import CommandError

from pacte.clients.selectors import CLIENT_FILTERS, client_list
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.management.output import add_format_argument, write_rows
from pacte.kernel.models import Workspace
from pacte.kernel.tenancy import Actor

COLUMNS = [
    "id",
    "name",
    "city",
    "active_engagements",
    "engagements",
    "overdue_invoices",
    "refusals",
    "last_exchange",
]


def workspace_named(name: str | None) -> Workspace:
    """The workspace a command works on: the one named, or the only one there is."""
    if name:
        found = Workspace.objects.filter(name__iexact=name.strip()).first()
        if found is None:
            raise CommandError(f"there is no workspace “{name}”.", returncode=2)
        return found
    workspaces = list(Workspace.objects.order_by("name")[:2])
    if not workspaces:
        raise CommandError(
            "there is no workspace yet: create one with `pacte user create`.", returncode=2
        )
    if len(workspaces) > 1:
        raise CommandError("there are several workspaces: add --workspace NAME.", returncode=2)
    return workspaces[0]


class Command(PacteCommand):
    help = "Work with clients. `pacte clients list` prints them with their situation."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = actions.add_parser(
            "list",
            help="List the clients of a workspace.",
            description="List the clients of a workspace with their active engagements, "
            "overdue invoices, refusals and last exchange.",
        )
        listing.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )
        listing.add_argument(
            "--search",
            default="",
            metavar="TEXT",
            help="Only clients whose name, city or contact matches.",
        )
        listing.add_argument(
            "--status",
            default="",
            choices=["", *CLIENT_FILTERS],
            help="Only clients in this situation.",
        )
        add_format_argument(listing)

    def handle(self, *args, action, **options):
        if action == "list":
            self.list(**options)

    def list(self, *, workspace, search, status, format, **options):
        actor = Actor.system(workspace_named(workspace))
        rows = [
            {
                "id": c.pk,
                "name": c.name,
                "city": c.city,
                "active_engagements": c.active_count,
                "engagements": c.engagement_count,
                "overdue_invoices": c.overdue_count,
                "refusals": c.refusal_count,
                "last_exchange": c.last_exchange_on.isoformat() if c.last_exchange_on else "",
            }
            for c in client_list(actor=actor, query=search, status=status)
        ]
        write_rows(
            self.stdout,
            rows,
            format=format,
            columns=COLUMNS,
            headers=["Client", "City", "Active", "Overdue", "Refusals", "Last exchange"],
            cells=lambda r: [
                r["name"],
                r["city"],
                f"{r['active_engagements']}/{r['engagements']}",
                str(r["overdue_invoices"]),
                str(r["refusals"]),
                r["last_exchange"] or "—",
            ],
            empty=f"No client matches in {actor.workspace.name}.",
            summary=f"{len(rows)} client(s) in {actor.workspace.name}.",
        )
