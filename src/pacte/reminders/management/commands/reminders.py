from django.core.management.base import CommandError

from pacte.clients.management.commands.clients import workspace_named
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.management.output import add_format_argument, write_rows
from pacte.kernel.tenancy import Actor
from pacte.reminders.kinds import Delivery
from pacte.reminders.selectors import reminder_list
from pacte.reminders.services import digests_send, reminders_scan

COLUMNS = ["id", "created_at", "kind", "due_on", "stage", "to", "delivery", "status", "subject"]
# At most this many reminders are printed, the newest first.
LIMIT = 500


class Command(PacteCommand):
    help = (
        "Email reminders. `pacte reminders send` stores and queues what is due now (the worker "
        "does it every 10 minutes); `pacte reminders list` prints the latest."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        send = actions.add_parser(
            "send",
            help="Store today's reminders and queue the immediate ones (idempotent).",
            description="Store today's reminders of every kind and queue those sent "
            "immediately; with --digests, queue today's digests too. Running it again the "
            "same day stores and sends nothing new. The worker delivers the queued mail.",
        )
        send.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )
        send.add_argument(
            "--digests",
            action="store_true",
            help="Queue today's daily (and Monday's weekly) digests.",
        )
        listing = actions.add_parser(
            "list",
            help="List the latest reminders of a workspace.",
            description="List the latest reminders of a workspace, newest first "
            f"(at most {LIMIT}).",
        )
        listing.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )
        listing.add_argument(
            "--limit", type=int, default=50, metavar="N", help=f"How many (1 to {LIMIT})."
        )
        add_format_argument(listing)

    def handle(self, *args, action, **options):
        if action == "send":
            self.send(**options)
        else:
            self.list(**options)

    def send(self, *, workspace, digests, **options):
        actor = Actor.system(workspace_named(workspace))
        result = reminders_scan(actor=actor)
        sent = 0
        if digests:
            sent = sum(
                digests_send(actor=actor, delivery=d) for d in (Delivery.DAILY, Delivery.WEEKLY)
            )
        self.stdout.write(
            f"{result.stored} reminder(s) stored, {result.queued} queued to send now"
            + (f", {sent} digest(s) queued" if digests else "")
            + f" in {actor.workspace.name}."
        )

    def list(self, *, workspace, limit, format, **options):
        if not 1 <= limit <= LIMIT:
            raise CommandError(f"--limit must be between 1 and {LIMIT}.", returncode=2)
        actor = Actor.system(workspace_named(workspace))
        rows = [
            {
                "id": r.pk,
                "created_at": r.created_at.isoformat(timespec="seconds"),
                "kind": r.kind,
                "due_on": r.due_on.isoformat(),
                "stage": r.stage,
                "to": r.recipient_email,
                "delivery": r.delivery,
                "status": r.status,
                "subject": r.subject,
            }
            for r in reminder_list(actor=actor)[:limit]
        ]
        write_rows(
            self.stdout,
            rows,
            format=format,
            columns=COLUMNS,
            headers=["Id", "Stored", "Kind", "Date", "To", "How", "Status", "Subject"],
            cells=lambda r: [
                str(r["id"]),
                r["created_at"][:16].replace("T", " "),
                r["kind"],
                r["due_on"],
                r["to"],
                r["delivery"],
                r["status"],
                r["subject"],
            ],
            empty="No reminder yet.",
            summary=f"{len(rows)} reminder(s), newest first.",
        )
