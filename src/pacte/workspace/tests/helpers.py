"""Helpers shared by the workspace tests: counts, and which actors may open a members page."""

from pacte.kernel.models import LedgerEntry, Member, User, Workspace


def counts():
    return (
        User.objects.count(),
        Workspace.objects.count(),
        Member.objects.across_workspaces().count(),
        LedgerEntry.objects.across_workspaces().count(),
    )


MEMBERS_ONLY = {
    "anonymous": 302,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 404,
    "portal_other_client": 404,
    "other_workspace": 200,
}
