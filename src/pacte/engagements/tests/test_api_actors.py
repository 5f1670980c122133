"""The engagement core's endpoints as each kind of actor: a portal user sees their own client
only, a member of another workspace nothing, and roles limit the writes."""

import pytest
from django.utils import timezone

from pacte.billing.services import invoice_create
from pacte.decisions.models import Decision
from pacte.decisions.services import recommendation_create
from pacte.engagements.services import engagement_create
from pacte.testing import API_READ, check_endpoint_as_each_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(world):
    return engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="Refonte", value="10000.00"
    )


def test_client_list_shows_a_portal_user_their_own_client_only(world):
    responses = check_endpoint_as_each_actor(
        world, "/api/v1/clients", {**API_READ, "portal_other_client": 200, "other_workspace": 200}
    )
    assert [c["name"] for c in responses["portal"].json()["items"]] == ["Boulangerie Alpha"]
    assert [c["name"] for c in responses["portal_other_client"].json()["items"]] == ["Garage Beta"]
    assert [c["name"] for c in responses["other_workspace"].json()["items"]] == ["Cave Gamma"]
    assert responses["owner"].json()["count"] == 2


def test_one_client_engagement_and_invoice_as_each_actor(world, engagement):
    invoice = invoice_create(
        actor=world.actor("owner"),
        engagement_id=engagement.pk,
        kind="deposit",
        amount="3000.00",
        due_on=timezone.localdate(),
    )
    for url in (
        f"/api/v1/clients/{world.client.pk}",
        f"/api/v1/engagements/{engagement.pk}",
        f"/api/v1/invoices/{invoice.pk}",
        f"/api/v1/clients/{world.client.pk}/refusals",
    ):
        check_endpoint_as_each_actor(world, url, API_READ)


def test_activation_as_each_actor(world, engagement):
    responses = check_endpoint_as_each_actor(
        world,
        f"/api/v1/engagements/{engagement.pk}/activate",
        # Roles are checked before the lookup: a refused role learns nothing about which
        # engagements exist, whatever the number it tries.
        {
            "anonymous": 401,
            "owner": 409,
            "manager": 409,
            "consultant": 409,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
    )
    assert responses["owner"].json()["code"] == "deposit_missing"


def test_the_client_decides_in_the_portal_as_their_own_record(world, engagement):
    rec = recommendation_create(
        actor=world.actor("owner"), engagement_id=engagement.pk, title="Sauvegardes chez le client"
    )
    responses = check_endpoint_as_each_actor(
        world,
        f"/api/v1/recommendations/{rec.pk}/decision",
        {
            "anonymous": 401,
            "owner": 201,
            "manager": 201,
            "consultant": 201,
            "viewer": 403,
            "portal": 201,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
        method="post",
        json={"decision": "refused", "decided_by": "Someone", "note": "Non"},
    )
    portal = responses["portal"].json()
    assert portal["via_portal"] is True
    assert portal["decided_by"] == "portal@alpha.test"  # the portal user, not what was sent
    assert Decision.objects.in_workspace(world.workspace).filter(recommendation=rec).count() == 4
