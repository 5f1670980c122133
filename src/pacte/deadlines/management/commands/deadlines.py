import re

from django.core.management.base import CommandError
from django.utils import timezone

from pacte.assets.models import AssetKind
from pacte.assets.services import deadline_states_refresh
from pacte.clients.management.commands.clients import workspace_named
from pacte.clients.models import Client
from pacte.deadlines.selectors import deadline_list
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.management.output import add_format_argument, write_rows
from pacte.kernel.tenancy import Actor

COLUMNS = [
    "cancel_by",
    "days_left",
    "missed",
    "renewal_date",
    "client",
    "kind",
    "identifier",
    "auto_renew",
    "asset_id",
    "client_id",
]
UNIT_DAYS = {"": 1, "d": 1, "w": 7, "m": 30}
MAX_DAYS = 3650


def parse_within(text: str) -> int:
    """`30d`, `30`, `12w`, `3m` (a month counts 30 days) as a number of days."""
    found = re.fullmatch(r"\s*(\d{1,5})\s*([dwm]?)\s*", text or "", re.IGNORECASE)
    days = int(found[1]) * UNIT_DAYS[found[2].lower()] if found else 0
    if not 1 <= days <= MAX_DAYS:
        raise CommandError(
            f"--within {text}: give a duration between 1 day and 10 years, "
            "e.g. 30d, 30, 12w or 3m.",
            returncode=2,
        )
    return days


class Command(PacteCommand):
    help = (
        "R-DEADLINE: the cancel-by dates coming up (renewal − notice period), and those "
        "already missed before a renewal still to come."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--within",
            default="30d",
            metavar="DURATION",
            help="How far ahead to look: 30d (the default), 30, 12w or 3m (90 days).",
        )
        parser.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Recompute, as of today, the stored deadline state of the assets whose "
            "renewal or cancel-by date has passed since, then list. Run it nightly (cron): "
            "the list is exact without it, only slower to read as such assets pile up.",
        )
        add_format_argument(parser)

    def handle(self, *args, within, workspace, format, refresh=False, **options):
        days = parse_within(within)
        actor = Actor.system(workspace_named(workspace))
        today = timezone.localdate()
        if refresh:
            done = deadline_states_refresh(actor=actor, today=today)
            # On stderr: stdout stays the list, in the format asked for.
            self.stderr.write(f"{done} asset(s) refreshed in {actor.workspace.name}.")
        names = dict(Client.objects.for_actor(actor).values_list("pk", "name"))
        rows = [
            {
                "cancel_by": d.cancel_by.isoformat(),
                "days_left": d.days_left(today),
                "missed": d.missed,
                "renewal_date": d.renewal_date.isoformat(),
                "client": names.get(d.client_id, ""),
                "kind": d.kind,
                "identifier": d.identifier,
                "auto_renew": d.auto_renew,
                "asset_id": d.asset_id,
                "client_id": d.client_id,
            }
            for d in deadline_list(actor=actor, within_days=days, today=today)
        ]
        missed = sum(1 for r in rows if r["missed"])
        write_rows(
            self.stdout,
            rows,
            format=format,
            columns=COLUMNS,
            headers=["Cancel by", "Days left", "Renewal", "Client", "Kind", "Identifier"],
            cells=lambda r: [
                r["cancel_by"],
                "MISSED" if r["missed"] else str(r["days_left"]),
                r["renewal_date"] + (" (tacit)" if r["auto_renew"] else ""),
                r["client"],
                _kind_label(r["kind"]),
                r["identifier"],
            ],
            empty=f"No cancel-by date within {days} days in {actor.workspace.name}.",
            summary=f"{len(rows)} deadline(s) within {days} days in {actor.workspace.name}"
            + (f", {missed} missed." if missed else "."),
        )


def _kind_label(kind: str) -> str:
    try:
        return str(AssetKind(kind).label)
    except ValueError:
        return kind
