"""Core writes: workspaces, members and tokens, each journaled, each refusing bad input
without writing anything."""

import pytest
from django.core import mail

from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import ApiToken, LedgerEntry, Member, User, Workspace
from pacte.kernel.permissions import Role
from pacte.kernel.selectors import actor_for_token
from pacte.workspace.services import (
    member_add,
    member_change_role,
    member_remove,
    token_create,
    token_revoke,
    workspace_create,
)

pytestmark = pytest.mark.django_db


def actions(workspace):
    return list(LedgerEntry.objects.in_workspace(workspace).values_list("action", flat=True))


def counts():
    return (
        User.objects.count(),
        Workspace.objects.count(),
        Member.objects.across_workspaces().count(),
        LedgerEntry.objects.across_workspaces().count(),
    )


def test_creating_a_workspace_opens_its_ledger_with_the_owner():
    workspace = workspace_create(
        name="Conseil Dupont",
        owner_email="Anne@Dupont.test",
        owner_password="une-phrase-longue-2026",
    )
    assert actions(workspace) == ["workspace.created", "member.added"]
    member = Member.objects.in_workspace(workspace).get()
    assert member.role == Role.OWNER and member.user.email == "anne@dupont.test"
    assert member.user.check_password("une-phrase-longue-2026")
    assert ledger.verify(workspace).ok


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"name": "", "owner_email": "a@b.test"}, InvalidInput),
        ({"name": "X" * 500, "owner_email": "a@b.test"}, InvalidInput),
        ({"name": "Bon nom", "owner_email": "not-an-email"}, InvalidInput),
        ({"name": "Bon nom", "owner_email": "a@b.test", "owner_password": "123"}, InvalidInput),
        ({"name": "atelier nord", "owner_email": "a@b.test"}, Conflict),  # same name, other case
    ],
)
def test_bad_workspace_input_writes_nothing(world, kwargs, error):
    before = counts()
    with pytest.raises(error):
        workspace_create(**kwargs)
    assert counts() == before


def test_owner_adds_a_member_and_it_is_journaled(world, django_capture_on_commit_callbacks):
    owner = world.actor("owner")
    with django_capture_on_commit_callbacks(execute=True):
        member = member_add(actor=owner, email="nouveau@nord.test", role="consultant")
    assert member.role == Role.CONSULTANT
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "member.added"
    assert entry.payload == {"email": "nouveau@nord.test", "role": "consultant"}
    assert entry.actor == "owner@nord.test (owner)"
    # Without a password, the new member is invited to choose one.
    assert len(mail.outbox) == 1 and "nouveau@nord.test" in mail.outbox[0].to
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.parametrize("kind", ["manager", "consultant", "viewer"])
def test_only_owners_manage_members(world, kind):
    before = counts()
    with pytest.raises(PermissionDenied):
        member_add(actor=world.actor(kind), email="x@nord.test", role="viewer")
    assert counts() == before


@pytest.mark.parametrize(
    "email, role, error",
    [
        ("pas-une-adresse", "viewer", InvalidInput),
        ("x@nord.test", "emperor", InvalidInput),
        ("consultant@nord.test", "viewer", Conflict),  # already a member
        ("portal@alpha.test", "viewer", Conflict),  # a portal user cannot be a member
    ],
)
def test_bad_member_input_writes_nothing(world, email, role, error):
    before = counts()
    with pytest.raises(error):
        member_add(actor=world.actor("owner"), email=email, role=role)
    assert counts() == before


def test_a_person_may_belong_to_two_workspaces(world):
    member_add(actor=world.actor("other_workspace"), email="consultant@nord.test", role="viewer")
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


def test_a_token_is_stored_as_a_hash_shown_once_and_journaled(world):
    token, raw = token_create(actor=world.actor("consultant"), name="sync")
    assert raw.startswith("pacte_") and raw not in token.key_hash
    assert not ApiToken.objects.across_workspaces().filter(key_hash=raw).exists()
    actor, found = actor_for_token(raw)
    assert found == token and actor.user == world.users["consultant"]
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "token.issued" and entry.payload["prefix"] == token.prefix
    assert raw not in str(entry.payload)


def test_a_member_cannot_issue_a_token_for_someone_else(world):
    with pytest.raises(PermissionDenied):
        token_create(actor=world.actor("consultant"), name="x", user=world.users["viewer"])
    with pytest.raises(InvalidInput):  # an owner cannot issue one for an outsider either
        token_create(actor=world.actor("owner"), name="x", user=world.users["other_workspace"])


def test_a_revoked_token_no_longer_opens_the_api(world):
    token, raw = token_create(actor=world.actor("viewer"), name="temp")
    token_revoke(actor=world.actor("viewer"), token_id=token.pk)
    assert actor_for_token(raw) is None
    assert LedgerEntry.objects.in_workspace(world.workspace).last().action == "token.revoked"


def test_only_the_holder_or_an_owner_revokes_a_token(world):
    token, raw = token_create(actor=world.actor("viewer"), name="temp")
    with pytest.raises(PermissionDenied):
        token_revoke(actor=world.actor("consultant"), token_id=token.pk)
    with pytest.raises(NotFound):
        token_revoke(actor=world.actor("other_workspace"), token_id=token.pk)
    assert actor_for_token(raw) is not None
    token_revoke(actor=world.actor("owner"), token_id=token.pk)
    assert actor_for_token(raw) is None
