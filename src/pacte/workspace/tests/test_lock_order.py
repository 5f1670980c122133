"""Issue 10, item 8, one lock order everywhere: answering an invitation and withdrawing it,
sent at once on PostgreSQL, never deadlock.

Withdrawing locks the workspace (every locked row is taken after its workspace, see
`Actor.get_or_404`) and then the invitation; accepting used to lock the invitation and then
the workspace (its ledger entry). Now both take the workspace first."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from pacte.kernel.errors import DomainError
from pacte.kernel.models import Invitation, Member
from pacte.workspace.services import invitation_accept, invitation_revoke, member_invite

PAIRS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_accepting_and_withdrawing_at_once_never_fail(world, settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and deadlocks are PostgreSQL's; SQLite serialises writers")
    settings.PACTE_INVITATION_ADDRESS_LIMIT = 0  # one address invited again and again
    failures: list[str] = []

    def run(barrier, write):
        try:
            barrier.wait(timeout=10)
            write()
        except DomainError as exc:
            # The other one won: "already answered or withdrawn" (409) or "not found" (404).
            if exc.code not in ("not_pending", "not_found"):
                failures.append(f"{exc.code}: {exc}")
        except Exception as exc:  # every other outcome is a failure, counted
            failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    person = world.users["other_workspace"]
    for _round in range(PAIRS):
        invitation = member_invite(actor=world.actor("owner"), email=person.email, role="viewer")
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(
                target=run,
                args=(
                    barrier,
                    lambda i=invitation: invitation_accept(user=person, invitation_id=i.pk),
                ),
            ),
            threading.Thread(
                target=run,
                args=(
                    barrier,
                    lambda i=invitation: invitation_revoke(
                        actor=world.actor("owner"), invitation_id=i.pk
                    ),
                ),
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        invitation.refresh_from_db()
        assert invitation.status in (Invitation.Status.ACCEPTED, Invitation.Status.REVOKED)
        if invitation.status == Invitation.Status.ACCEPTED:
            # Leave, so that the next round invites a non-member again.
            Member.objects.in_workspace(world.workspace).filter(user=person).delete()
    assert failures == []
