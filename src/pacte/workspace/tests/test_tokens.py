"""API tokens: stored as a hash and shown once, revoked by their holder or an owner, then
refused."""

import re

import pytest
from django.test import Client as HttpClient

from pacte.kernel.errors import InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import ApiToken, LedgerEntry
from pacte.kernel.selectors import actor_for_token
from pacte.workspace.services import token_create, token_revoke

pytestmark = pytest.mark.django_db


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


def test_a_token_is_shown_once_on_the_tokens_page(world):
    http = HttpClient()
    http.force_login(world.users["consultant"])
    html = http.post("/tokens/", {"name": "tableur"}).content.decode()
    raw = re.search(r'id="new-token">(pacte_[^<]+)<', html).group(1)
    assert (
        HttpClient().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).json()["email"]
        == "consultant@nord.test"
    )
    assert raw not in http.get("/tokens/").content.decode()


def test_a_revoked_token_gets_401(client, world):
    raw = world.token("viewer")

    token = ApiToken.objects.in_workspace(world.workspace).get(user=world.users["viewer"])
    token_revoke(actor=world.actor("viewer"), token_id=token.pk)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_token_records_when_it_was_last_used(client, world):

    raw = world.token("manager")
    client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    token = ApiToken.objects.in_workspace(world.workspace).get(user=world.users["manager"])
    assert token.last_used_at is not None
