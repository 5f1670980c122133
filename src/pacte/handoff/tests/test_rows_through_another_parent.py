"""Handoff and takeover rows reached through another parent answer 404."""

import pytest

from pacte.handoff.models import HandoffPlan, HandoffStep
from pacte.handoff.services import takeover_item_create
from pacte.handoff.tests.helpers import browser, closing_engagement, ledger_size
from pacte.handoff.tests.page_helpers import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


def test_handoff_and_takeover_rows_through_another_parent_answer_404(world):
    register(world, world.client, 1)
    register(world, world.other_client, 2)
    mine = closing_engagement(world, world.client)
    theirs = closing_engagement(world, world.other_client)
    their_plan = HandoffPlan.objects.in_workspace(world.workspace).get(engagement=theirs)
    their_step = HandoffStep.objects.in_workspace(world.workspace).filter(plan=their_plan)[0]
    their_item = takeover_item_create(
        actor=world.actor("owner"), client_id=world.other_client.pk, kind="domain", what="DNS"
    )
    http = browser(world)
    size = ledger_size(world)
    urls = [
        f"/engagements/{mine.pk}/handoff/steps/{their_step.pk}/",
        f"/engagements/{mine.pk}/handoff/{their_plan.pk}/call/",
        f"/clients/{world.client.pk}/takeover/{their_item.pk}/event/",
    ]
    for url in urls:
        assert http.post(url, {"status": "done", "event": "asked"}).status_code == 404, url
    assert ledger_size(world) == size
    # Through their own parent the same rows are found.
    own = http.post(f"/engagements/{theirs.pk}/handoff/steps/{their_step.pk}/", {"status": "done"})
    assert own.status_code == 302
