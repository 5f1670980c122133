import unicodedata

from django.core.management.base import CommandError

from pacte.kernel import mail
from pacte.kernel.management.base import PacteCommand
from pacte.kernel.management.output import add_format_argument, write_rows
from pacte.kernel.models import OutboundEmail

COLUMNS = ["id", "status", "attempts", "to", "subject", "created_at", "when", "last_error"]


def _printable(text: str, width: int | None = None) -> str:
    """One line with no control character (no terminal escape reaches the screen)."""
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _id(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 0 < number < 2**63:
        raise CommandError(f"{value} is not a message id (see `pacte mail list`).", returncode=2)
    return number


class Command(PacteCommand):
    help = (
        "See the outgoing mail queue. `pacte mail list --failed` shows the messages given up, "
        "`pacte mail retry ID` sends one again."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = actions.add_parser(
            "list",
            help="List the latest outgoing messages.",
            description="List the latest outgoing messages, newest first: queued (waiting for "
            "the worker or for a retry), sent, or failed (given up after every attempt, or "
            "refused by the mail server), with the last error.",
        )
        status = listing.add_mutually_exclusive_group()
        status.add_argument("--failed", action="store_true", help="Only the failed ones.")
        status.add_argument("--queued", action="store_true", help="Only those waiting to be sent.")
        listing.add_argument(
            "--limit",
            default="50",
            metavar="N",
            help="At most this many messages (default 50, at most 1000).",
        )
        add_format_argument(listing)
        retry = actions.add_parser(
            "retry",
            help="Send a failed message again.",
            description="Give a failed message a new series of attempts, starting now "
            "(the worker sends it). Fix the mail settings first.",
        )
        retry.add_argument("id", metavar="ID", help="The message's id, from `pacte mail list`.")

    def handle(self, *args, action, **options):
        if action == "list":
            self.list(**options)
        elif action == "retry":
            self.retry(**options)

    def list(self, *, failed, queued, limit, format, **options):
        try:
            limit = int(limit)
        except ValueError:
            limit = 0
        if not 0 < limit <= 1000:
            raise CommandError("--limit must be a whole number from 1 to 1000.", returncode=2)
        messages = OutboundEmail.objects.order_by("-created_at", "-pk")
        kind = "message(s)"
        if failed:
            messages, kind = messages.filter(status=OutboundEmail.Status.FAILED), "failed"
        elif queued:
            messages, kind = messages.filter(status=OutboundEmail.Status.QUEUED), "queued"
        rows = [
            {
                "id": m.pk,
                "status": m.status,
                "attempts": m.attempts,
                "to": m.to,
                "subject": m.subject,
                "created_at": m.created_at.isoformat(timespec="seconds"),
                # Sent: when it left; queued: its next attempt.
                "when": (m.sent_at or m.next_attempt_at).isoformat(timespec="seconds"),
                "last_error": m.last_error,
            }
            for m in messages[:limit]
        ]
        write_rows(
            self.stdout,
            rows,
            format=format,
            columns=COLUMNS,
            headers=["Id", "Status", "Tries", "To", "Subject", "Created", "Sent/next", "Error"],
            cells=lambda r: [
                str(r["id"]),
                r["status"],
                str(r["attempts"]),
                _printable(r["to"]),
                _printable(r["subject"], 40),
                r["created_at"][:16].replace("T", " "),
                r["when"][:16].replace("T", " ") if r["status"] != "failed" else "",
                _printable(r["last_error"], 60),
            ],
            empty="No failed message." if failed else "No message.",
            summary=f"{len(rows)} {kind} shown, newest first.",
        )

    def retry(self, *, id, **options):
        number = _id(id)
        row = OutboundEmail.objects.filter(pk=number).first()
        if row is None:
            raise CommandError(
                f"there is no message {number} (see `pacte mail list`).", returncode=2
            )
        if row.status == OutboundEmail.Status.SENT:
            raise CommandError(f"message {number} was already sent.", returncode=1)
        if row.status == OutboundEmail.Status.QUEUED:
            raise CommandError(
                f"message {number} is still queued: the worker sends it by itself.",
                returncode=1,
            )
        mail.retry_email(number)
        self.stdout.write(
            f"Message {number} to {_printable(row.to)} is queued again: the worker sends it."
        )
