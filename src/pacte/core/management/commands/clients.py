import csv
import json

from django.core.management.base import CommandError

from pacte.clients.selectors import CLIENT_FILTERS, client_list
from pacte.core.management.base import PacteCommand
from pacte.core.models import Workspace
from pacte.core.tenancy import Actor

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
        listing.add_argument("--format", default="table", choices=["table", "csv", "json"])

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
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        elif format == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        else:
            self.write_table(rows, actor.workspace.name)

    def write_table(self, rows, workspace_name):
        if not rows:
            self.stdout.write(f"No client matches in {workspace_name}.")
            return
        headers = ["Client", "City", "Active", "Overdue", "Refusals", "Last exchange"]
        table = [
            [
                r["name"],
                r["city"],
                f"{r['active_engagements']}/{r['engagements']}",
                str(r["overdue_invoices"]),
                str(r["refusals"]),
                r["last_exchange"] or "—",
            ]
            for r in rows
        ]
        widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(headers)]
        line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
        self.stdout.write(line.rstrip())
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in table:
            self.stdout.write(
                "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            )
        self.stdout.write(f"\n{len(rows)} client(s) in {workspace_name}.")
