"""Helpers shared by the workspace tests."""

from pacte.kernel.models import LedgerEntry, Member, User, Workspace


def counts():
    return (
        User.objects.count(),
        Workspace.objects.count(),
        Member.objects.across_workspaces().count(),
        LedgerEntry.objects.across_workspaces().count(),
    )
