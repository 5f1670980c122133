"""Members: invited, their role changed, never the last owner removed, by owners only, from the
service, the page and the API."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry, Member
from pacte.kernel.permissions import Role
from pacte.kernel.selectors import actor_for_token
from pacte.testing import check_endpoint_as_each_actor, check_page_as_each_actor
from pacte.workspace.services import (
    invitation_accept,
    member_add,
    member_change_role,
    member_invite,
    member_remove,
    workspace_create,
)
from pacte.workspace.tests.helpers import counts

pytestmark = pytest.mark.django_db


def test_owner_invites_a_member_and_it_is_journaled(world, django_capture_on_commit_callbacks):
    owner = world.actor("owner")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = member_invite(actor=owner, email="Nouveau@Nord.test", role="consultant")
    assert (invitation.email, invitation.role) == ("nouveau@nord.test", Role.CONSULTANT)
    # Invited is not joined (issue 10, item 1).
    assert not Member.objects.in_workspace(world.workspace).filter(user__email="nouveau@nord.test")
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "member.invited"
    assert entry.payload == {"email": "nouveau@nord.test", "role": "consultant"}
    assert entry.actor == "owner@nord.test (owner)"
    assert len(mail.outbox) == 1 and "nouveau@nord.test" in mail.outbox[0].to
    assert "/invitations/join/" in mail.outbox[0].body


def test_members_and_the_api_cannot_add_a_member_directly(world):
    """Only the operator adds without an answer (issue 10, item 1)."""
    before = counts()
    with pytest.raises(PermissionDenied):
        member_add(actor=world.actor("owner"), email="direct@nord.test", role="viewer")
    assert counts() == before


@pytest.mark.parametrize("kind", ["manager", "consultant", "viewer"])
def test_only_owners_manage_members(world, kind):
    before = counts()
    with pytest.raises(PermissionDenied):
        member_invite(actor=world.actor(kind), email="x@nord.test", role="viewer")
    assert counts() == before


@pytest.mark.parametrize(
    "email, role, error",
    [
        ("pas-une-adresse", "viewer", InvalidInput),
        ("x@nord.test", "emperor", InvalidInput),
        ("consultant@nord.test", "viewer", Conflict),  # already a member
        # a portal user of this workspace's client is not also its member
        ("portal@alpha.test", "viewer", Conflict),
    ],
)
def test_bad_member_input_writes_nothing(world, email, role, error):
    before = counts()
    with pytest.raises(error):
        member_invite(actor=world.actor("owner"), email=email, role=role)
    assert counts() == before


def test_a_person_may_belong_to_two_workspaces(world):
    invitation = member_invite(
        actor=world.actor("other_workspace"), email="consultant@nord.test", role="viewer"
    )
    invitation_accept(user=world.users["consultant"], invitation_id=invitation.pk)
    assert Member.objects.across_workspaces().filter(user=world.users["consultant"]).count() == 2


def test_changing_a_role_is_journaled(world):
    consultant = Member.objects.in_workspace(world.workspace).get(user=world.users["consultant"])
    member_change_role(actor=world.actor("owner"), member_id=consultant.pk, role="manager")
    consultant.refresh_from_db()
    assert consultant.role == Role.MANAGER
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert (entry.action, entry.payload["from"], entry.payload["to"]) == (
        "member.role_changed",
        "consultant",
        "manager",
    )


def test_the_last_owner_cannot_step_down_or_be_removed(world):
    owner = Member.objects.in_workspace(world.workspace).get(role=Role.OWNER)
    with pytest.raises(Conflict) as refused:
        member_change_role(actor=world.actor("owner"), member_id=owner.pk, role="viewer")
    assert refused.value.code == "last_owner"
    with pytest.raises(Conflict):
        member_remove(actor=world.actor("owner"), member_id=owner.pk)
    owner.refresh_from_db()
    assert owner.role == Role.OWNER


def test_members_of_another_workspace_are_not_found(world):
    foreign = Member.objects.in_workspace(world.other_workspace).get()
    with pytest.raises(NotFound):
        member_change_role(actor=world.actor("owner"), member_id=foreign.pk, role="viewer")
    with pytest.raises(NotFound):
        member_remove(actor=world.actor("owner"), member_id=foreign.pk)


def test_removing_a_member_revokes_their_tokens(world):
    raw = world.token("consultant")
    consultant = Member.objects.in_workspace(world.workspace).get(user=world.users["consultant"])
    member_remove(actor=world.actor("owner"), member_id=consultant.pk)
    assert actor_for_token(raw) is None
    assert LedgerEntry.objects.in_workspace(world.workspace).last().action == "member.removed"


def test_owner_invites_a_member_from_the_members_page(world):
    http = HttpClient()
    http.force_login(world.users["owner"])
    response = http.post(
        "/members/", {"add-email": "new@nord.test", "add-full_name": "Nina", "add-role": "viewer"}
    )
    assert response.status_code == 302
    assert not Member.objects.in_workspace(world.workspace).filter(user__email="new@nord.test")
    page = http.get("/members/").content.decode()
    assert "new@nord.test" in page and "pending-invitations" in page


def test_a_refused_member_shows_the_reason_and_writes_nothing(world):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    before = Member.objects.in_workspace(world.workspace).count()
    response = http.post("/members/", {"add-email": "portal@alpha.test", "add-role": "viewer"})
    assert response.status_code == 200
    assert "client portal access" in response.content.decode()
    response = http.post("/members/", {"add-email": "nope", "add-role": "viewer"})
    assert response.status_code == 200 and "valid email" in response.content.decode()
    assert Member.objects.in_workspace(world.workspace).count() == before


def test_changing_a_role_from_the_web_as_each_actor(world):
    consultant = Member.objects.in_workspace(world.workspace).get(user=world.users["consultant"])
    check_page_as_each_actor(
        world,
        f"/members/{consultant.pk}/role/",
        {
            "anonymous": 302,
            "owner": 302,
            "manager": 403,
            "consultant": 403,
            "viewer": 403,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
        method="post",
        data={f"m{consultant.pk}-role": "manager"},
    )
    consultant.refresh_from_db()
    assert consultant.role == Role.MANAGER


MEMBERS_READ = {
    "anonymous": 401,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 403,
    "portal_other_client": 403,
    "other_workspace": 200,
}


def test_members_list_as_each_actor(world):
    responses = check_endpoint_as_each_actor(world, "/api/v1/members", MEMBERS_READ)
    emails = {m["email"] for m in responses["owner"].json()["items"]}
    assert emails == {
        "owner@nord.test",
        "manager@nord.test",
        "consultant@nord.test",
        "viewer@nord.test",
    }
    assert {m["email"] for m in responses["other_workspace"].json()["items"]} == {"owner@sud.test"}


def test_adding_a_member_through_the_api_as_each_actor(world):

    responses = check_endpoint_as_each_actor(
        world,
        "/api/v1/members",
        {
            "anonymous": 401,
            "owner": 202,
            "manager": 403,
            "consultant": 403,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 202,
        },
        method="post",
        json={"email": "api@nord.test", "role": "viewer"},
    )
    assert responses["manager"].json()["code"] == "forbidden"
    assert responses["owner"].json()["status"] == "invited"
    assert not Member.objects.in_workspace(world.workspace).filter(user__email="api@nord.test")


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"email": "x@nord.test", "role": "emperor"}, 400, "invalid"),
        ({"email": "not-an-email", "role": "viewer"}, 400, "invalid"),
        ({"role": "viewer"}, 400, "invalid"),
        ({"email": "viewer@nord.test", "role": "viewer"}, 409, "already_member"),
    ],
)
def test_bad_member_input_through_the_api_writes_nothing(client, world, body, status, code):

    before = LedgerEntry.objects.in_workspace(world.workspace).count()
    response = client.post(
        "/api/v1/members",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.token('owner')}"},
    )
    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["detail"]
    assert LedgerEntry.objects.in_workspace(world.workspace).count() == before + 1  # the token


def test_changing_a_role_through_the_api(client, world):

    viewer = Member.objects.in_workspace(world.workspace).get(user=world.users["viewer"])
    check_endpoint_as_each_actor(
        world,
        f"/api/v1/members/{viewer.pk}/role",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 403,
            "consultant": 403,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
        json={"role": "consultant"},
    )
    viewer.refresh_from_db()
    assert viewer.role == "consultant"
    owner = Member.objects.in_workspace(world.workspace).get(user=world.users["owner"])
    response = client.post(
        f"/api/v1/members/{owner.pk}/role",
        {"role": "viewer"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.token('owner')}"},
    )
    assert response.status_code == 409 and response.json()["code"] == "last_owner"


@pytest.mark.parametrize("name", ["Atelier\x00", "A" * 1_000_000])
def test_a_bad_workspace_name_is_refused_before_any_query(name):
    """Issue 10, item 4: validation runs before the duplicate-name query."""
    with CaptureQueriesContext(connection) as queries, pytest.raises(InvalidInput):
        workspace_create(name=name, owner_email="o@x.test", owner_password=None)
    assert not [q for q in queries if "core_workspace" in q["sql"]]
