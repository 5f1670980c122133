"""Starting without the deposit: an owner's written reason, kept for good, from the service, the
page and the API."""

import pytest

from pacte.engagements.selectors import engagement_get
from pacte.engagements.services import (
    engagement_hold,
    engagement_override_deposit,
    engagement_resume,
)
from pacte.engagements.tests.helpers import (
    TODAY,
    Api,
    S,
    browser,
    counts,
    create,
    deposit_invoice,
    engagement_in,
    pay,
    reload,
    row,
)
from pacte.handoff.services import engagement_close, engagement_start_closing
from pacte.kernel.errors import Conflict, InvalidInput, PermissionDenied
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["manager", "consultant", "viewer", "portal"])
def test_only_an_owner_may_start_without_the_deposit(world, kind):
    engagement = create(world)
    before, stored = counts(), row(engagement)
    with pytest.raises(PermissionDenied):
        engagement_override_deposit(
            actor=world.actor(kind), engagement_id=engagement.pk, reason="Trust me"
        )
    assert counts() == before and row(engagement) == stored


@pytest.mark.parametrize("reason", ["", "   \n\t", None])
def test_an_override_needs_a_written_reason(world, reason):
    engagement = create(world)
    before, stored = counts(), row(engagement)
    with pytest.raises(InvalidInput) as refused:
        engagement_override_deposit(
            actor=world.actor("owner"), engagement_id=engagement.pk, reason=reason
        )
    assert refused.value.code == "reason_required"
    assert counts() == before and row(engagement) == stored


def test_an_override_is_kept_on_the_engagement_and_in_the_ledger_for_good(world):
    engagement = create(world)
    invoice = deposit_invoice(world, engagement)
    pay(world, invoice, "500.00")
    owner = world.actor("owner")
    engagement_override_deposit(
        actor=owner, engagement_id=engagement.pk, reason="  Client de 10 ans, virement lundi  "
    )
    engagement = engagement_get(actor=world.actor("viewer"), engagement_id=engagement.pk)
    assert engagement.status == S.ACTIVE
    assert engagement.activated_on == TODAY
    assert engagement.deposit_override_reason == "Client de 10 ans, virement lundi"
    assert engagement.deposit_override_by == world.users["owner"]
    assert engagement.deposit_override_at is not None
    entries = list(LedgerEntry.objects.in_workspace(world.workspace).order_by("-seq")[:2])
    status_changed, overridden = entries
    assert overridden.action == "engagement.deposit_overridden"
    assert overridden.payload == {
        "reason": "Client de 10 ans, virement lundi",
        "required": "3000.00 EUR",
        "paid": "500.00 EUR",
    }
    assert overridden.actor == "owner@nord.test (owner)"
    assert (status_changed.action, status_changed.payload["to"]) == (
        "engagement.status_changed",
        "active",
    )
    # Still shown once the work goes on and ends.
    engagement_hold(actor=owner, engagement_id=engagement.pk)
    engagement_resume(actor=owner, engagement_id=engagement.pk)
    engagement_start_closing(actor=owner, engagement_id=engagement.pk)
    engagement_close(actor=owner, engagement_id=engagement.pk)
    assert reload(engagement).deposit_override_reason == "Client de 10 ans, virement lundi"


def test_an_engagement_that_started_cannot_skip_its_deposit_afterwards(world):
    engagement = engagement_in(world, S.ON_HOLD)
    before, stored = counts(), row(engagement)
    with pytest.raises(Conflict) as refused:
        engagement_override_deposit(
            actor=world.actor("owner"), engagement_id=engagement.pk, reason="Late"
        )
    assert refused.value.code == "invalid_transition"
    assert counts() == before and row(engagement) == stored


def test_override_from_the_page_needs_a_reason_and_shows_it_for_good(world, engagement):
    http = browser(world)
    page = http.post(
        f"/engagements/{engagement.pk}/do/override-deposit/", {"reason-reason": ""}, follow=True
    )
    # The refusal stands beside the field, on the same page, and nothing is recorded.
    assert page.status_code == 200 and "A reason is required." in page.content.decode()
    engagement.refresh_from_db()
    assert not engagement.deposit_overridden
    http.post(
        f"/engagements/{engagement.pk}/do/override-deposit/",
        {"reason-reason": "Client historique, acompte promis"},
    )
    html = http.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'id="override-notice"' in html and "Client historique, acompte promis" in html
    forbidden = browser(world, "manager").post(
        f"/engagements/{engagement.pk}/do/override-deposit/", {"reason-reason": "x"}
    )
    assert forbidden.status_code == 403


def test_override_needs_an_owner_and_a_reason(world, api):
    client_id = api.post("/clients", {"name": "Atelier Vélo"}).json()["id"]
    engagement_id = api.post(
        "/engagements",
        {"client_id": client_id, "title": "Audit", "value": "2000.00", "currency": "EUR"},
    ).json()["id"]
    missing = api.post(f"/engagements/{engagement_id}/override-deposit", {})
    assert missing.status_code == 400 and missing.json()["code"] == "reason_required"
    blank = api.post(f"/engagements/{engagement_id}/override-deposit", {"reason": "   "})
    assert blank.status_code == 400
    manager = Api(world.token("manager"))
    forbidden = manager.post(
        f"/engagements/{engagement_id}/override-deposit", {"reason": "client de longue date"}
    )
    assert forbidden.status_code == 403
    done = api.post(
        f"/engagements/{engagement_id}/override-deposit",
        {"reason": "Client de longue date, acompte promis par écrit"},
    )
    assert done.status_code == 200
    assert done.json()["status"] == "active"
    assert done.json()["deposit"]["overridden"] is True
    assert api.post(f"/engagements/{engagement_id}/activate").json()["status"] == "active"
    entry = (
        LedgerEntry.objects.in_workspace(world.workspace)
        .filter(action="engagement.deposit_overridden")
        .get()
    )
    assert entry.payload["reason"] == "Client de longue date, acompte promis par écrit"
