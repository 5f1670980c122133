from django.core.management.base import CommandError

from pacte.billing.settlement import FORMULA, engagement_settlement
from pacte.clients.management.commands.clients import workspace_named
from pacte.engagements.models import Engagement
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.management.output import add_format_argument, write_json, write_rows
from pacte.kernel.tenancy import Actor

COLUMNS = ["line", "amount", "currency"]


class Command(PacteCommand):
    help = (
        "The final settlement (solde de tout compte) of an engagement: `pacte settlement "
        "ENGAGEMENT` prints what was invoiced, paid, held as deposit, not invoiced yet, written "
        "off or refunded, and the balance due either way."
    )

    def add_arguments(self, parser):
        parser.add_argument("engagement", metavar="ENGAGEMENT", help="The engagement's id.")
        parser.add_argument(
            "--workspace", metavar="NAME", help="Needed when there are several workspaces."
        )
        add_format_argument(parser)

    def handle(self, *args, engagement, workspace, format, **options):
        actor = Actor.system(workspace_named(workspace))
        text = (engagement or "").strip()
        found = (
            Engagement.objects.for_actor(actor).filter(pk=int(text)).first()
            if text.isdigit()
            else None
        )
        if found is None:
            raise CommandError(
                f"there is no engagement “{text}” in {actor.workspace.name}: give its id.",
                returncode=2,
            )
        s = engagement_settlement(actor=actor, engagement=found)
        lines = [
            ("invoiced", s.invoiced),
            ("paid", s.paid),
            ("deposit_held", s.deposit_held),
            ("unbilled_time", s.unbilled_time),
            ("unbilled_changes", s.unbilled_changes),
            ("absorbed", s.absorbed),
            ("written_off", s.written_off),
            # Written off before the final-balance invoice and deducted from it: out of the
            # balance's "written off" (the formula subtracts written_off − this).
            ("written_off_deducted", s.written_off_deducted),
            ("refunded", s.refunded),
            ("balance", s.balance),
        ]
        rows = [
            {"line": name, "amount": str(money.amount), "currency": money.currency}
            for name, money in lines
        ]
        if format == "json":
            write_json(
                self.stdout,
                {
                    "engagement": found.title,
                    "status": found.status,
                    "hours_logged": str(s.hours_logged),
                    "figures": rows,
                },
            )
            return
        if format == "table":
            self.stdout.write(f"{found.title} ({found.get_status_display()}):")
        if s.client_owes:
            verdict = f"The client owes {s.balance}."
        elif s.we_owe:
            verdict = f"We owe the client {s.we_owe_amount}."
        else:
            verdict = "Settled: nothing is due either way."
        write_rows(
            self.stdout,
            rows,
            format=format,
            columns=COLUMNS,
            headers=["Line", "Amount", "Currency"],
            cells=lambda r: [r["line"], r["amount"], r["currency"]],
            empty="",
            summary=f"{verdict} {FORMULA}",
        )
