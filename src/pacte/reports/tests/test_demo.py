"""The demo's status reports, on a fresh workspace: Boulangerie Martin's last month sent to
its designated contacts, this month's a draft."""

import pytest

from pacte.demo import clients
from pacte.demo import reports as demo
from pacte.demo.builder import Builder
from pacte.kernel.models import OutboundEmail, User
from pacte.kernel.selectors import actor_for_user
from pacte.reports.models import StatusReport
from pacte.workspace.services import workspace_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def b():
    workspace_create(
        name="Démo", owner_email="demo@pacte.test", owner_password="x" * 20, owner_name="Démo"
    )
    return Builder(actor_for_user(User.objects.get(email="demo@pacte.test")))


def test_one_sent_and_one_draft(b):
    martin = clients.healthy_partnership(b)
    draft = demo.monthly_reports(b, martin)
    reports = list(StatusReport.objects.in_workspace(b.actor.workspace).order_by("pk"))
    assert [r.status for r in reports] == ["sent", "draft"] and reports[1] == draft
    assert sorted(reports[0].recipients) == [
        "helene@boulangerie-martin.example",
        "karim@boulangerie-martin.example",
    ]
    assert "Point mensuel" in draft.body
    assert OutboundEmail.objects.filter(dedupe_key__startswith="report:").count() == 2
