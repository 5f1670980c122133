"""Membership by invitation (issue 10, items 1 and 2): nobody joins a workspace without
accepting, the answer never tells whether an address has an account, a person lands where
they worked last, and one person may be a member here and a portal user there."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.utils import timezone

from pacte.kernel.errors import Conflict, InvalidInput, NotFound, Throttled
from pacte.kernel.models import Invitation, LedgerEntry, Member, User
from pacte.kernel.selectors import actor_for_user
from pacte.portal.models import PortalUser
from pacte.portal.services import portal_user_create
from pacte.testing import PASSWORD, check_endpoint_as_each_actor, check_page_as_each_actor
from pacte.workspace.services import (
    invitation_accept,
    invitation_decline,
    invitation_revoke,
    member_invite,
    token_create,
)

pytestmark = pytest.mark.django_db


def _api(world, kind):
    return {"Authorization": f"Bearer {world.token(kind)}"}


def _invite(world, email, role="viewer", kind="owner"):
    return member_invite(actor=world.actor(kind), email=email, role=role)


def _link(message) -> str:
    return re.search(r"http\S*/invitations/join/\S+/", message.body).group(0)


def test_adding_another_tenants_user_invites_them_and_changes_nothing_until_they_accept(
    client, world
):
    """The reported attack: owner of A adds owner of B; B must not become A's member, nor
    land in A at their next sign-in."""
    response = client.post(
        "/api/v1/members",
        {"email": "owner@sud.test", "role": "manager"},
        content_type="application/json",
        headers=_api(world, "owner"),
    )
    assert response.status_code == 202 and response.json()["status"] == "invited"
    victim = world.users["other_workspace"]
    assert not Member.objects.in_workspace(world.workspace).filter(user=victim).exists()
    assert actor_for_user(User.objects.get(pk=victim.pk)).workspace == world.other_workspace


def test_the_answer_is_the_same_with_or_without_an_account(client, world):
    """Item 1: an address with an account (here, a portal user elsewhere) and an unknown one
    get the same status and the same fields; no `portal_user` conflict leaks either."""
    answers = []
    for email in ("portal@alpha.test", "nobody-yet@elsewhere.test"):
        response = client.post(
            "/api/v1/members",
            {"email": email, "role": "viewer"},
            content_type="application/json",
            headers=_api(world, "other_workspace"),
        )
        answers.append((response.status_code, sorted(response.json()), response.json()["status"]))
    assert answers[0] == answers[1] == (202, answers[0][1], "invited")


def test_the_invited_person_lists_accepts_and_lands_in_the_workspace_they_chose(client, world):
    invitation = _invite(world, "owner@sud.test", role="consultant")
    listed = client.get("/api/v1/invitations", headers=_api(world, "other_workspace")).json()
    assert [(i["id"], i["workspace"]["name"]) for i in listed["items"]] == [
        (invitation.pk, "Atelier Nord")
    ]
    response = client.post(
        f"/api/v1/invitations/{invitation.pk}/accept", headers=_api(world, "other_workspace")
    )
    assert response.status_code == 200
    assert response.json() == {
        "status": "accepted",
        "workspace": {"id": world.workspace.pk, "name": "Atelier Nord"},
        "role": "consultant",
    }
    person = User.objects.get(email="owner@sud.test")
    assert Member.objects.in_workspace(world.workspace).get(user=person).role == "consultant"
    # They accepted last: they land in Atelier Nord, and can switch back to their own.
    assert actor_for_user(person).workspace == world.workspace
    http = HttpClient()
    http.force_login(person)
    http.post("/workspace/switch/", {"workspace": world.other_workspace.pk})
    assert actor_for_user(User.objects.get(pk=person.pk)).workspace == world.other_workspace
    assert LedgerEntry.objects.in_workspace(world.workspace).last().action == "member.joined"


def test_declining_leaves_no_membership(world):
    invitation = _invite(world, "owner@sud.test")
    invitation_decline(user=world.users["other_workspace"], invitation_id=invitation.pk)
    assert not Member.objects.in_workspace(world.workspace).filter(user__email="owner@sud.test")
    with pytest.raises(NotFound):
        invitation_accept(user=world.users["other_workspace"], invitation_id=invitation.pk)


def test_only_the_addressee_can_answer(world):
    invitation = _invite(world, "owner@sud.test")
    for kind in ("owner", "viewer", "portal"):
        with pytest.raises(NotFound):
            invitation_accept(user=world.users[kind], invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_a_withdrawn_or_expired_invitation_cannot_be_accepted(world):
    withdrawn = _invite(world, "owner@sud.test")
    invitation_revoke(actor=world.actor("owner"), invitation_id=withdrawn.pk)
    with pytest.raises(NotFound):
        invitation_accept(user=world.users["other_workspace"], invitation_id=withdrawn.pk)
    expired = _invite(world, "owner@sud.test")
    Invitation.objects.in_workspace(world.workspace).filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(NotFound):
        invitation_accept(user=world.users["other_workspace"], invitation_id=expired.pk)
    assert not Member.objects.in_workspace(world.workspace).filter(user__email="owner@sud.test")


def test_inviting_again_replaces_the_link(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _invite(world, "new@nord.test")
        second = _invite(world, "new@nord.test", role="manager")
    assert first.pk == second.pk and second.role == "manager"
    old_link, new_link = _link(mail.outbox[0]), _link(mail.outbox[1])
    assert HttpClient().get(old_link).status_code == 404
    assert HttpClient().get(new_link).status_code == 200


def test_a_new_person_joins_through_the_link_by_choosing_a_password(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(world, "nina@nord.test", role="consultant")
    link = _link(mail.outbox[0])
    http = HttpClient(headers={"Accept-Language": "en"})
    page = http.get(link).content.decode()
    assert "Join Atelier Nord" in page
    response = http.post(
        link,
        {"join-full_name": "Nina", "join-password1": "a", "join-password2": "a"},
    )
    assert response.status_code == 200  # too weak: refused, nothing written
    assert not User.objects.filter(email="nina@nord.test").exists()
    response = http.post(
        link,
        {"join-full_name": "Nina", "join-password1": PASSWORD, "join-password2": PASSWORD},
    )
    assert response.status_code == 302
    nina = User.objects.get(email="nina@nord.test")
    assert nina.check_password(PASSWORD) and nina.full_name == "Nina"
    assert Member.objects.in_workspace(world.workspace).get(user=nina).role == "consultant"
    assert http.get("/dashboard/").status_code == 200  # signed in, in Atelier Nord
    assert http.get(link).status_code == 404  # used once


def test_the_link_sends_someone_who_signs_in_to_the_sign_in_page(
    world, django_capture_on_commit_callbacks
):
    """The link never lets someone set the password of an account that has one."""
    with django_capture_on_commit_callbacks(execute=True):
        _invite(world, "owner@sud.test")
    link = _link(mail.outbox[0])
    response = HttpClient().get(link)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = HttpClient().post(
        link, {"join-password1": PASSWORD + "x", "join-password2": PASSWORD + "x"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="owner@sud.test").check_password(PASSWORD)
    # Signed in as someone else, the page says so and changes nothing.
    other = HttpClient(headers={"Accept-Language": "en"})
    other.force_login(world.users["viewer"])
    assert "another address" in other.get(link).content.decode()


def test_a_portal_invitation_reaches_a_member_of_another_workspace(world):
    """Item 2: a member elsewhere is no obstacle; the person keeps their place and can open
    the portal, landing where they worked last."""
    sud_owner = world.users["other_workspace"]
    access = portal_user_create(
        actor=world.actor("owner"), client_id=world.client.pk, email="owner@sud.test"
    )
    assert access.user == sud_owner
    assert User.objects.get(pk=sud_owner.pk).check_password(PASSWORD)  # untouched
    assert actor_for_user(User.objects.get(pk=sud_owner.pk)).workspace == world.other_workspace
    http = HttpClient()
    http.force_login(sud_owner)
    http.post("/workspace/switch/", {"workspace": world.workspace.pk})
    portal = actor_for_user(User.objects.get(pk=sud_owner.pk))
    assert portal.is_portal and portal.client_id == world.client.pk
    assert http.get("/portal/").status_code == 200


def test_an_invited_member_does_not_squat_the_address(world):
    """Item 2: an invitation (or a membership) in one workspace never blocks another
    workspace's portal invitation to the same address."""
    member_invite(actor=world.actor("other_workspace"), email="shared@people.test", role="viewer")
    access = portal_user_create(
        actor=world.actor("owner"), client_id=world.client.pk, email="shared@people.test"
    )
    assert access.user.email == "shared@people.test"


def test_a_workspace_refuses_only_what_it_knows(world):
    with pytest.raises(Conflict) as refused:
        portal_user_create(
            actor=world.actor("owner"), client_id=world.client.pk, email="viewer@nord.test"
        )
    assert refused.value.code == "member"
    with pytest.raises(Conflict) as refused:
        portal_user_create(
            actor=world.actor("owner"), client_id=world.client.pk, email="portal@beta.test"
        )
    assert refused.value.code == "already_portal_user"
    assert (
        PortalUser.objects.across_workspaces().filter(user__email="viewer@nord.test").count() == 0
    )


# --- every actor ------------------------------------------------------------------------------

EVERY_SIGNED_IN = {
    "anonymous": 401,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 200,
    "portal_other_client": 200,
    "other_workspace": 200,
}


def test_each_actor_sees_only_the_invitations_sent_to_them(world):
    invitation = _invite(world, "owner@sud.test")
    responses = check_endpoint_as_each_actor(world, "/api/v1/invitations", EVERY_SIGNED_IN)
    for kind, response in responses.items():
        if kind == "anonymous":
            continue
        ids = [i["id"] for i in response.json()["items"]]
        assert ids == ([invitation.pk] if kind == "other_workspace" else []), kind


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_answering_an_invitation_as_each_actor(world, answer):
    invitation = _invite(world, "owner@sud.test")
    only_the_addressee = dict.fromkeys(EVERY_SIGNED_IN, 404) | {
        "anonymous": 401,
        "other_workspace": 200,
    }
    check_endpoint_as_each_actor(
        world, f"/api/v1/invitations/{invitation.pk}/{answer}", only_the_addressee, method="post"
    )
    invitation.refresh_from_db()
    assert invitation.status == ("accepted" if answer == "accept" else "declined")


def test_the_workspace_invitations_as_each_actor(world):
    invitation = _invite(world, "guest@elsewhere.test")
    responses = check_endpoint_as_each_actor(
        world,
        "/api/v1/members/invitations",
        EVERY_SIGNED_IN | {"portal": 403, "portal_other_client": 403},
    )
    assert [i["id"] for i in responses["viewer"].json()["items"]] == [invitation.pk]
    assert responses["other_workspace"].json()["items"] == []
    check_endpoint_as_each_actor(
        world,
        f"/api/v1/members/invitations/{invitation.pk}/revoke",
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
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED


def test_the_invitations_page_as_each_actor(world):
    invitation = _invite(world, "owner@sud.test")
    responses = check_page_as_each_actor(
        world, "/invitations/", dict.fromkeys(EVERY_SIGNED_IN, 200) | {"anonymous": 302}
    )
    assert f"invitation-{invitation.pk}" in responses["other_workspace"].content.decode()
    assert f"invitation-{invitation.pk}" not in responses["owner"].content.decode()
    check_page_as_each_actor(
        world,
        f"/invitations/{invitation.pk}/accept/",
        dict.fromkeys(EVERY_SIGNED_IN, 404) | {"anonymous": 302, "other_workspace": 302},
        method="post",
    )
    assert Member.objects.in_workspace(world.workspace).filter(user__email="owner@sud.test")


def test_withdrawing_from_the_members_page_as_each_actor(world):
    invitation = _invite(world, "guest@elsewhere.test")
    check_page_as_each_actor(
        world,
        f"/members/invitations/{invitation.pk}/revoke/",
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
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED


def test_someone_who_belongs_nowhere_but_is_invited_lands_on_their_invitations(world):
    stranger = User.objects.create_user("stranger@elsewhere.test", PASSWORD)
    _invite(world, "stranger@elsewhere.test")
    http = HttpClient()
    http.force_login(stranger)
    response = http.get("/")
    assert response.status_code == 302 and response["Location"] == "/invitations/"


def test_invitations_to_one_address_are_throttled_per_workspace(world, settings):
    """Issue 10, item 3: one workspace cannot flood an inbox, nor block another workspace."""
    settings.PACTE_INVITATION_ADDRESS_LIMIT = 3
    for _ in range(3):
        _invite(world, "flood@elsewhere.test")
    with pytest.raises(Throttled):
        _invite(world, "flood@elsewhere.test")
    _invite(world, "flood@elsewhere.test", kind="other_workspace")  # its own count


def test_invitations_from_one_network_are_throttled_through_the_api(client, world, settings):
    settings.PACTE_INVITATION_IP_LIMIT = 2
    answers = [
        client.post(
            "/api/v1/members",
            {"email": f"n{i}@elsewhere.test", "role": "viewer"},
            content_type="application/json",
            headers=_api(world, "owner"),
            REMOTE_ADDR="203.0.113.9",
        )
        for i in range(3)
    ]
    assert [a.status_code for a in answers] == [202, 202, 429]
    assert answers[2].json()["code"] == "throttled" and int(answers[2]["Retry-After"]) > 0
    assert not Invitation.objects.in_workspace(world.workspace).filter(email="n2@elsewhere.test")


def test_portal_access_never_shows_the_name_of_an_account_elsewhere(world):
    """Review of issue 10, item 2: the workspace sees the name it typed, not the account's;
    a bad name is refused alike for an address with an account and one without."""
    access = portal_user_create(
        actor=world.actor("other_workspace"),
        client_id=world.foreign_client.pk,
        email="viewer@nord.test",
        full_name="Typed Name",
    )
    assert access.full_name == "Typed Name"
    assert User.objects.get(email="viewer@nord.test").full_name == "Viewer"  # untouched
    http = HttpClient()
    http.force_login(world.users["other_workspace"])
    page = http.get(f"/clients/{world.foreign_client.pk}/").content.decode()
    assert "Typed Name" in page and "Viewer ·" not in page
    for email in ("manager@nord.test", "nobody@nowhere.test"):
        with pytest.raises(InvalidInput):
            portal_user_create(
                actor=world.actor("other_workspace"),
                client_id=world.foreign_client.pk,
                email=email,
                full_name="Eve\u202eX",
            )


def test_a_token_an_owner_issued_for_someone_cannot_answer_their_invitations(client, world):
    """Review of issue 10, item 1: the owner of Atelier Nord issues a token for its manager;
    that token must not read nor accept the manager's invitations to other workspaces."""
    invitation = member_invite(
        actor=world.actor("other_workspace"), email="manager@nord.test", role="owner"
    )
    _token, raw = token_create(actor=world.actor("owner"), name="sync", user=world.users["manager"])
    issued_for = {"Authorization": f"Bearer {raw}"}
    listed = client.get("/api/v1/invitations", headers=issued_for)
    assert listed.status_code == 403 and listed.json()["code"] == "personal_token_required"
    accepted = client.post(f"/api/v1/invitations/{invitation.pk}/accept", headers=issued_for)
    assert accepted.status_code == 403
    assert not Member.objects.in_workspace(world.other_workspace).filter(
        user=world.users["manager"]
    )
    # The manager's own token may.
    mine = client.post(
        f"/api/v1/invitations/{invitation.pk}/accept", headers=_api(world, "manager")
    )
    assert mine.status_code == 200
