"""The conflict demo stories, on a fresh workspace: a misunderstanding resolved after
listening, and a bad-faith conflict ending in exit with its handoff and a settlement with
content."""

import pytest

from pacte.conflicts.models import ConflictCase
from pacte.demo import conflicts as demo
from pacte.demo.builder import Builder
from pacte.demo.change_requests import change_request_flood
from pacte.engagements.models import ChangeRequest, Engagement, TimeEntry
from pacte.handoff.models import HandoffPlan
from pacte.kernel.models import LedgerEntry, User
from pacte.kernel.selectors import actor_for_user
from pacte.workspace.services import workspace_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def b():
    workspace_create(
        name="Démo", owner_email="demo@pacte.test", owner_password="x" * 20, owner_name="Démo"
    )
    return Builder(actor_for_user(User.objects.get(email="demo@pacte.test")))


def test_the_two_stories(b):
    # The misunderstanding is the story of the change-request flood's client.
    change_request_flood(b)
    demo.misunderstanding_resolved(b)
    demo.bad_faith_exit(b)
    ws = b.actor.workspace
    found = ConflictCase.objects.in_workspace(ws).select_related("client", "solution")
    cases = {c.client.name: c for c in found}
    assert set(cases) == {"Domaine des Trois Chênes", demo.VASSEUR}
    resolved = cases["Domaine des Trois Chênes"]
    assert (resolved.status, resolved.cause) == ("resolved", "misunderstanding")
    assert resolved.solution.status == "accepted"
    assert [s.to_status for s in resolved.steps.order_by("on", "pk")] == [
        "opened",
        "cause_identified",
        "listening",
        "solution_proposed",
        "awaiting_decision",
        "resolved",
    ]
    ended = cases[demo.VASSEUR]
    assert (ended.status, ended.cause) == ("exit", "bad_faith")
    assert ended.solution.status == "refused"
    e = Engagement.objects.in_workspace(ws).get(client=ended.client)
    assert e.status == "terminated" and e.terminated_by == "us" and e.notice_days == 15
    plan = HandoffPlan.objects.in_workspace(ws).get(engagement=e)
    assert plan.steps.exists()
    # What the settlement will show: time logged, a change request accepted and not billed.
    assert TimeEntry.objects.in_workspace(ws).filter(engagement=e).count() == 3
    assert ChangeRequest.objects.in_workspace(ws).filter(engagement=e, status="accepted").exists()
    moved = LedgerEntry.objects.in_workspace(ws).filter(action="conflict.moved").count()
    assert moved == 10
