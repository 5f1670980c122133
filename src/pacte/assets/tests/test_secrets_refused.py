"""Anything that looks like a secret is refused and nothing is written, from the service and the
API."""

import pytest

from pacte.assets.services import action_log, asset_update
from pacte.assets.tests.helpers import (
    asset_count,
    counts,
    create,
    domain_payload,
    ledger_count,
    stored,
)
from pacte.kernel.errors import InvalidInput

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


SECRETS = {
    "private_key": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=",
    "rsa_private_key": "clé : -----BEGIN RSA PRIVATE KEY----- MIIEpAIBAAKCAQEA",
    "aws": "AKIAIOSFODNN7EXAMPLE",
    "aws_in_text": "accès IAM AKIAIOSFODNN7EXAMPLE pour le bucket",
    "stripe": "sk_live_abcdefghij0123456789ABCD",
    "github": "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
    "password": "password: hunter2xyz",
    "mdp": "mdp = Secret!2026",
    "random_token": "q7Rv2LxP9mZt4KwB8nYc3HjF6sDg1VbN5eTa0UoX",
}

assert len(SECRETS["random_token"]) == 40


@pytest.mark.parametrize("field", ["credentials_reference", "notes", "identifier"])
@pytest.mark.parametrize("secret", list(SECRETS.values()), ids=list(SECRETS))
def test_a_secret_is_refused_on_creation_and_nothing_is_written(world, field, secret):
    before = counts()
    with pytest.raises(InvalidInput) as refused:
        create(world, **{field: secret})
    assert refused.value.code == "secret_refused"
    assert field in refused.value.fields
    assert "password manager" in refused.value.detail
    assert counts() == before


@pytest.mark.parametrize("field", ["credentials_reference", "notes", "identifier", "vendor"])
@pytest.mark.parametrize(
    "secret", [SECRETS["github"], SECRETS["mdp"], SECRETS["random_token"]], ids=str
)
def test_a_secret_is_refused_on_update_and_nothing_changes(world, field, secret):
    asset = create(world, credentials_reference="Bitwarden, entry Gandi")
    row, before = stored(asset), counts()
    with pytest.raises(InvalidInput) as refused:
        asset_update(actor=world.actor("owner"), asset_id=asset.pk, **{field: secret})
    assert refused.value.code == "secret_refused"
    assert stored(asset) == row
    assert counts() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credentials_reference", "client's password manager, entry Gandi"),
        ("credentials_reference", "Bitwarden de la boulangerie, entrée Hébergement"),
        ("credentials_reference", "1Password (coffre « Boulangerie »), entrée OVH"),
        ("credentials_reference", "KeePass du client, groupe Web / Hébergement"),
        ("credentials_reference", "Mot de passe : voir Bitwarden, entrée OVH"),
        (
            "identifier",
            "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEF/edit",
        ),
        ("identifier", "boulangerie-alpha.fr"),
        ("identifier", "www.boulangerie-alpha.co.uk"),
        ("identifier", "https://www.boulangerie-alpha.fr/wp-admin/"),
        ("identifier", "https://github.com/atelier-nord/boulangerie-alpha"),
        ("identifier", "agence@boulangerie-alpha.fr"),
        ("identifier", "G-ABCD1234EF"),
        ("identifier", "UA-12345678-1"),
        ("notes", "Le mot de passe est dans le gestionnaire du client."),
        ("notes", "Renouvellement le 12/03, prévenir Mme Martin 30 jours avant."),
    ],
)
def test_ordinary_references_are_accepted(world, field, value):
    asset = create(world, **{field: value})
    assert stored(asset)[field] == value


def test_the_action_log_refuses_a_secret_with_its_code(world):
    with pytest.raises(InvalidInput) as refused:
        action_log(
            actor=world.actor("owner"), client_id=world.client.pk, what="password: hunter2xyz"
        )
    assert refused.value.code == "secret_refused"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credentials_reference", "password: hunter2xyz"),
        ("credentials_reference", "AKIAIOSFODNN7EXAMPLE"),
        ("notes", "sk_live_abcdefghij0123456789ABCD"),
        ("notes", "-----BEGIN RSA PRIVATE KEY-----"),
        ("identifier", "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"),
        ("vendor", "q7Rv2LxP9mZt4KwB8nYc3HjF6sDg1VbN5eTa0UoX"),
    ],
)
def test_a_secret_in_the_payload_is_refused(world, api, field, value):
    before, entries = asset_count(), ledger_count()
    refused = api.post("/assets", domain_payload(world, **{field: value}))
    assert refused.status_code == 400
    assert refused.json()["code"] == "secret_refused"
    assert field in refused.json()["fields"]
    assert (asset_count(), ledger_count()) == (before, entries)


def test_a_secret_in_a_patch_is_refused(world, api):
    asset_id = api.post("/assets", domain_payload(world)).json()["id"]
    refused = api.patch(f"/assets/{asset_id}", {"credentials_reference": "mdp = Secret!2026"})
    assert refused.status_code == 400 and refused.json()["code"] == "secret_refused"
    assert api.get(f"/assets/{asset_id}").json()["credentials_reference"] == ""
    accepted = api.patch(
        f"/assets/{asset_id}",
        {"credentials_reference": "Bitwarden de la boulangerie, entrée Hébergement"},
    )
    assert accepted.status_code == 200
    assert accepted.json()["credentials_reference"] == (
        "Bitwarden de la boulangerie, entrée Hébergement"
    )
