import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone

from pacte.clients.management.commands.clients import client_named, workspace_named
from pacte.health.selectors import client_health
from pacte.health.services import health_snapshot_take
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.management.output import add_format_argument, write_json, write_rows
from pacte.kernel.models import Workspace
from pacte.kernel.tenancy import Actor

COLUMNS = ["key", "rule", "weight", "score", "value", "shown"]


class Command(PacteCommand):
    help = (
        "The health score (DOMAIN §5): `pacte health show CLIENT` prints a client's score with "
        "its reasons; `pacte health snapshot` records today's scores (idempotent, run daily)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        show = actions.add_parser(
            "show",
            help="A client's health score, with each signal's weight, value, score and rule.",
            description="A client's health score from 0 to 100, computed now, with its reasons.",
        )
        show.add_argument("client", metavar="CLIENT", help="The client's id or exact name.")
        show.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )
        add_format_argument(show)
        snapshot = actions.add_parser(
            "snapshot",
            help="Record today's health of every followed client and engagement.",
            description="Record today's health score of every client with an engagement under "
            "way, and of each such engagement. Run it once a day (the worker does); running it "
            "again the same day adds nothing.",
        )
        snapshot.add_argument(
            "--workspace",
            metavar="NAME",
            help="Only this workspace (every workspace by default).",
        )
        snapshot.add_argument(
            "--date", metavar="YYYY-MM-DD", help="The day to record (today by default)."
        )

    def handle(self, *args, action, **options):
        if action == "show":
            return self.show(**options)
        return self.snapshot(**options)

    def show(self, *, client, workspace, format, **options):
        actor = Actor.system(workspace_named(workspace))
        target = client_named(actor, client)
        health = client_health(actor=actor, client=target)
        rows = [
            {k: r[k] for k in ("key", "rule", "weight", "score", "value", "shown")}
            for r in health.reasons()
        ]
        if format == "json":
            write_json(
                self.stdout,
                {
                    "client": target.name,
                    "score": health.score,
                    "band": health.band,
                    "signals": rows,
                },
            )
            return
        if format == "table":
            if health.score is None:
                self.stdout.write(f"{target.name}: no score yet, no signal has data.")
            else:
                self.stdout.write(
                    f"{target.name}: {health.score}/100 ({health.band_label}). "
                    "Each signal's weight (normalised to 100), score and rule:"
                )
        write_rows(
            self.stdout,
            rows,
            format=format,
            columns=COLUMNS,
            headers=["Signal", "Rule", "Weight", "Score", "Value"],
            cells=lambda r: [r["key"], r["rule"], str(r["weight"]), str(r["score"]), r["shown"]],
            empty="No signal has data for this client yet.",
            summary=(
                f"Left out for lack of data: {', '.join(s.key for s in health.without_data)}."
                if health.without_data
                else "Every signal had data."
            ),
        )

    def snapshot(self, *, workspace, date, **options):
        day = None
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(
                    f"--date {date}: give a date as YYYY-MM-DD.", returncode=2
                ) from None
            if day > timezone.localdate():
                raise CommandError(f"--date {date}: the day is still to come.", returncode=2)
        workspaces = (
            [workspace_named(workspace)] if workspace else list(Workspace.objects.order_by("name"))
        )
        for each in workspaces:
            result = health_snapshot_take(actor=Actor.system(each), today=day)
            self.stdout.write(
                f"{each.name}: {result.taken} score(s) recorded for {result.taken_on}"
                + (f", {result.already} already there." if result.already else ".")
            )
