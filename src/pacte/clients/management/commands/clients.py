from django.core.management.base import CommandError

from pacte.clients.listing import columns, filter_names
from pacte.clients.models import Client
from pacte.clients.selectors import client_list
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.management.output import add_format_argument, write_rows
from pacte.kernel.models import Workspace
from pacte.kernel.tenancy import Actor

# The figures after these come from the apps that registered the list's columns.
FIRST_COLUMNS = ["id", "name", "city"]


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


def client_named(actor: Actor, text: str) -> Client:
    """CLIENT is the client's id or its exact name (case aside)."""
    clients = Client.objects.for_actor(actor)
    text = (text or "").strip()
    found = None
    if text.isdigit():
        found = clients.filter(pk=int(text)).first()
    if found is None:
        matches = list(clients.filter(name__iexact=text)[:2])
        if len(matches) > 1:
            raise CommandError(
                f"several clients are called “{text}”: give the client's id.", returncode=2
            )
        found = matches[0] if matches else None
    if found is None:
        raise CommandError(f"there is no client “{text}” in {actor.workspace.name}.", returncode=2)
    return found


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
            choices=["", *filter_names()],
            help="Only clients in this situation.",
        )
        add_format_argument(listing)

    def handle(self, *args, action, **options):
        if action == "list":
            self.list(**options)

    def list(self, *, workspace, search, status, format, **options):
        actor = Actor.system(workspace_named(workspace))
        shown = columns()
        rows = []
        for c in client_list(actor=actor, query=search, status=status):
            row = {"id": c.pk, "name": c.name, "city": c.city}
            for column in shown:
                row.update(column.fields(c))
            rows.append(row)
        names = FIRST_COLUMNS + [name for column in shown for name in column.field_names]
        write_rows(
            self.stdout,
            rows,
            format=format,
            columns=names,
            headers=["Client", "City", *(column.cli_header for column in shown)],
            cells=lambda r: [
                r["name"],
                r["city"],
                *(column.cli_cell(r) for column in shown),
            ],
            empty=f"No client matches in {actor.workspace.name}.",
            summary=f"{len(rows)} client(s) in {actor.workspace.name}.",
        )
