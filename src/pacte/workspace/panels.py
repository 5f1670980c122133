"""What the workspace adds to the dashboard: the ledger's state, members, latest entries."""

from pacte.kernel.journal import journal
from pacte.kernel.models import LedgerEntry
from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm

from . import selectors


def ledger_status_panel(*, actor, obj, forms):
    return {"status": selectors.ledger_status(actor=actor)}


def members_panel(*, actor, obj, forms):
    return {"members": list(selectors.member_list(actor=actor))}


def latest_entries_panel(*, actor, obj, forms):
    entries = list(LedgerEntry.objects.for_actor(actor).order_by("-seq")[:5])
    return {"lines": journal(entries)} if entries else None


def register():
    register_panel(
        Panel(
            page="dashboard",
            name="ledger-status",
            order=60,
            template="workspace/panels/ledger_status.html",
            context=ledger_status_panel,
        )
    )
    register_panel(
        Panel(
            page="dashboard",
            name="members",
            order=70,
            template="workspace/panels/members.html",
            context=members_panel,
            perm=Perm.MEMBER_VIEW,
        )
    )
    register_panel(
        Panel(
            page="dashboard",
            name="latest-entries",
            order=80,
            template="workspace/panels/latest_entries.html",
            context=latest_entries_panel,
            perm=Perm.LEDGER_VIEW,
        )
    )
