from django.core.management.base import CommandError

from pacte.clients.management.commands.clients import workspace_named
from pacte.engagements.selectors import engagement_get
from pacte.kernel.errors import NotFound
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.management.output import add_format_argument, write_rows
from pacte.kernel.tenancy import Actor
from pacte.reports.selectors import report_list

COLUMNS = [
    "id",
    "engagement",
    "client",
    "period_start",
    "period_end",
    "status",
    "reviewed_at",
    "sent_at",
    "recipients",
    "sent_sha256",
    "engagement_id",
]
# At most this many reports are printed, the latest period first.
LIMIT = 500


def _when(value) -> str:
    return value.isoformat() if value else ""


class Command(PacteCommand):
    help = "Work with status reports. `pacte reports list` prints them, latest period first."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = actions.add_parser(
            "list",
            help="List the status reports of a workspace.",
            description="List the status reports of a workspace (or of one engagement), "
            f"latest period first (at most {LIMIT}): period, status, when reviewed and sent, "
            "to whom, and the SHA-256 of the text sent.",
        )
        listing.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )
        listing.add_argument(
            "--engagement", type=int, metavar="ID", help="One engagement's only (its id)."
        )
        add_format_argument(listing)

    def handle(self, *args, action, **options):
        if action == "list":
            self.list(**options)

    def list(self, *, workspace, engagement, format, **options):
        actor = Actor.system(workspace_named(workspace))
        chosen = None
        if engagement is not None:
            try:
                chosen = engagement_get(actor=actor, engagement_id=engagement)
            except NotFound:
                raise CommandError(
                    f"no engagement {engagement} in {actor.workspace.name}.", returncode=2
                ) from None
        reports = list(report_list(actor=actor, engagement=chosen)[:LIMIT])
        rows = [
            {
                "id": r.pk,
                "engagement": r.engagement.title,
                "client": r.client.name,
                "period_start": _when(r.period_start),
                "period_end": _when(r.period_end),
                "status": r.status,
                "reviewed_at": _when(r.reviewed_at),
                "sent_at": _when(r.sent_at),
                "recipients": ", ".join(r.recipients or []),
                "sent_sha256": r.sent_sha256,
                "engagement_id": r.engagement_id,
            }
            for r in reports
        ]
        where = f"{chosen.title} ({actor.workspace.name})" if chosen else actor.workspace.name
        write_rows(
            self.stdout,
            rows,
            format=format,
            columns=COLUMNS,
            headers=["Id", "Engagement", "Client", "From", "To", "Status", "Sent"],
            cells=lambda r: [
                str(r["id"]),
                r["engagement"],
                r["client"],
                r["period_start"],
                r["period_end"],
                r["status"],
                r["sent_at"][:10] or "—",
            ],
            empty=f"No status report in {where}.",
            summary=f"{len(rows)} status report(s) in {where}.",
        )
