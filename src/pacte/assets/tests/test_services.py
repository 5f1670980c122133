"""Writes on the asset registry: validation that writes nothing, the refusal of anything that
looks like a secret (Pacte stores where credentials live, never the credentials), changes of
control journaled, and the action log (R-OWN 11)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from pacte.assets.models import ActionLogEntry, Asset
from pacte.assets.services import action_log, asset_create, asset_update, asset_verify
from pacte.engagements.services import engagement_create
from pacte.kernel.errors import InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def counts():
    return tuple(
        model.objects.across_workspaces().count() for model in (Asset, ActionLogEntry, LedgerEntry)
    )


def stored(asset):
    return Asset.objects.in_workspace(asset.workspace_id).filter(pk=asset.pk).values().get()


def entries(world, action):
    return list(LedgerEntry.objects.in_workspace(world.workspace).filter(action=action))


def create(world, *, actor="owner", client=None, **fields):
    values = {"kind": "domain", "identifier": "boulangerie-alpha.fr"}
    values.update(fields)
    return asset_create(actor=world.actor(actor), client_id=(client or world.client).pk, **values)


# --- Creation and validation ----------------------------------------------------------------


def test_an_asset_is_registered_and_journaled(world):
    asset = create(
        world,
        vendor="Gandi",
        legal_owner="us",
        payer="us",
        we_have_admin=True,
        credentials_reference="client's password manager, entry Gandi",
        renewal_date=days(90),
        notice_days=30,
        auto_renew=True,
        cost="15.50",
        last_verified_on=TODAY,
    )
    row = stored(asset)
    assert row["client_id"] == world.client.pk
    assert row["kind"] == "domain"
    assert row["legal_owner"] == "us"
    assert row["cost"] == Decimal("15.50")
    assert row["notice_days"] == 30
    assert row["renewal_date"] == days(90)
    [entry] = entries(world, "asset.registered")
    assert entry.payload["identifier"] == "boulangerie-alpha.fr"
    assert entry.payload["legal_owner"] == "us"
    assert entry.payload["we_have_admin"] is True


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "spaceship"},
        {"kind": ""},
        {"legal_owner": "nobody"},
        {"payer": "the cat"},
        {"licence": "pirated"},
        {"renewal_period": "weekly"},
        {"notice_days": -1},
        {"notice_days": 731},
        {"notice_days": "thirty"},
        {"last_verified_on": days(1)},
        {"renewal_date": "2026-02-30"},
        {"cost": "12.345"},
        {"cost": "-5.00"},
        {"cost": "douze"},
        {"identifier": "   "},
        {"identifier": "x" * 256},
        {"currency": "XXX"},
        {"colour": "blue"},
    ],
    ids=lambda f: "-".join(f"{k}={str(v)[:12]}" for k, v in f.items()),
)
def test_invalid_values_are_refused_and_nothing_is_written(world, fields):
    before = counts()
    with pytest.raises(InvalidInput):
        create(world, **fields)
    assert counts() == before


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "spaceship"},
        {"legal_owner": "nobody"},
        {"payer": "nobody"},
        {"licence": "pirated"},
        {"renewal_period": "weekly"},
        {"notice_days": -1},
        {"notice_days": 731},
        {"last_verified_on": days(1)},
        {"cost": "12.345"},
        {"identifier": ""},
        {"colour": "blue"},
    ],
    ids=lambda f: "-".join(f"{k}={str(v)[:12]}" for k, v in f.items()),
)
def test_invalid_updates_are_refused_and_change_nothing(world, fields):
    asset = create(world, cost="10.00", notice_days=30)
    row, before = stored(asset), counts()
    with pytest.raises(InvalidInput):
        asset_update(actor=world.actor("owner"), asset_id=asset.pk, **fields)
    assert stored(asset) == row
    assert counts() == before


@pytest.mark.parametrize("notice", [0, 730])
def test_the_notice_period_bounds_are_accepted(world, notice):
    assert create(world, notice_days=notice).notice_days == notice


def test_a_cost_with_two_decimals_or_none_is_accepted(world):
    assert create(world, cost="1250,5").cost == Decimal("1250.50")
    assert create(world, identifier="b.fr", cost="").cost is None
    assert create(world, identifier="c.fr", cost=None).cost is None


def test_verifying_records_today_and_never_the_future(world):
    asset = create(world)
    assert asset_verify(actor=world.actor("consultant"), asset_id=asset.pk).last_verified_on == (
        TODAY
    )
    with pytest.raises(InvalidInput):
        asset_verify(actor=world.actor("consultant"), asset_id=asset.pk, verified_on=days(3))
    assert stored(asset)["last_verified_on"] == TODAY


# --- Secrets are refused --------------------------------------------------------------------

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


# --- Changes of control are journaled -------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "before", "after"),
    [
        ({"legal_owner": "client"}, "legal_owner", "us", "client"),
        ({"payer": "client"}, "payer", "us", "client"),
        ({"client_has_admin": True}, "client_has_admin", False, True),
        ({"we_have_admin": False}, "we_have_admin", True, False),
        ({"licence": "client_name"}, "licence", "our_name", "client_name"),
    ],
)
def test_a_change_of_control_is_journaled(world, change, field, before, after):
    asset = create(
        world,
        kind="software_licence",
        identifier="WP Rocket",
        legal_owner="us",
        payer="us",
        client_has_admin=False,
        we_have_admin=True,
        licence="our_name",
    )
    asset_update(actor=world.actor("consultant"), asset_id=asset.pk, **change)
    assert stored(asset)[field] == after
    [entry] = entries(world, "asset.control_changed")
    assert entry.payload["identifier"] == "WP Rocket"
    assert entry.payload["from"][field] == before
    assert entry.payload["to"][field] == after
    assert entry.subject_id == str(asset.pk)


def test_other_changes_are_saved_without_a_control_entry(world):
    asset = create(world, legal_owner="us")
    asset_update(
        actor=world.actor("owner"),
        asset_id=asset.pk,
        vendor="OVH",
        notes="Transfert prévu en mars",
        legal_owner="us",  # unchanged
        renewal_date=days(30),
    )
    row = stored(asset)
    assert (row["vendor"], row["notes"], row["renewal_date"]) == (
        "OVH",
        "Transfert prévu en mars",
        days(30),
    )
    assert entries(world, "asset.control_changed") == []


def test_an_asset_of_another_workspace_cannot_be_changed(world):
    asset = create(world)
    with pytest.raises(NotFound):
        asset_update(actor=world.actor("other_workspace"), asset_id=asset.pk, vendor="X")
    assert stored(asset)["vendor"] == ""


# --- Who may write --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["portal", "portal_other_client", "viewer"])
def test_only_writers_register_assets(world, kind):
    before = counts()
    with pytest.raises(PermissionDenied):
        create(world, actor=kind)
    assert counts() == before
    asset = create(world)
    before = counts()
    with pytest.raises(PermissionDenied):
        asset_update(actor=world.actor(kind), asset_id=asset.pk, legal_owner="us")
    with pytest.raises(PermissionDenied):
        action_log(actor=world.actor(kind), client_id=world.client.pk, what="Audit")
    assert counts() == before


def test_a_client_of_another_workspace_is_not_found(world):
    before = counts()
    with pytest.raises(NotFound):
        create(world, actor="other_workspace")  # world.client belongs to Atelier Nord
    with pytest.raises(NotFound):
        create(world, client=world.foreign_client)
    assert counts() == before


# --- The action log -------------------------------------------------------------------------


def test_an_action_is_documented_with_its_asset_engagement_and_author(world):
    asset = create(world)
    engagement = engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="SEO", value="900.00"
    )
    entry = action_log(
        actor=world.actor("consultant"),
        client_id=world.client.pk,
        what="  Redirections 301  ",
        done_on=days(-2),
        why="Migration",
        result="OK",
        asset_id=asset.pk,
        engagement_id=engagement.pk,
    )
    entry = ActionLogEntry.objects.in_workspace(world.workspace).get(pk=entry.pk)
    assert (entry.what, entry.done_on, entry.asset_id, entry.engagement_id) == (
        "Redirections 301",
        days(-2),
        asset.pk,
        engagement.pk,
    )
    assert entry.author == world.users["consultant"]
    assert action_log(actor=world.actor("owner"), client_id=world.client.pk, what="Audit").done_on
    assert (
        action_log(actor=world.actor("owner"), client_id=world.client.pk, what="x").done_on == TODAY
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"done_on": days(1)},
        {"done_on": "2026-13-01"},
        {"done_on": "yesterday"},
        {"what": "   "},
        {"what": "x" * 301},
        {"why": "mdp = Secret!2026"},
        {"result": "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"},
    ],
    ids=lambda k: "-".join(f"{a}={str(b)[:10]}" for a, b in k.items()),
)
def test_an_invalid_action_is_refused_and_nothing_is_written(world, kwargs):
    values = {"client_id": world.client.pk, "what": "Audit SEO", **kwargs}
    before = counts()
    with pytest.raises(InvalidInput):
        action_log(actor=world.actor("owner"), **values)
    assert counts() == before


def test_the_action_log_refuses_a_secret_with_its_code(world):
    with pytest.raises(InvalidInput) as refused:
        action_log(
            actor=world.actor("owner"), client_id=world.client.pk, what="password: hunter2xyz"
        )
    assert refused.value.code == "secret_refused"


def test_an_action_must_name_an_asset_and_engagement_of_the_same_client(world):
    other_asset = create(world, client=world.other_client, identifier="garage-beta.fr")
    other_engagement = engagement_create(
        actor=world.actor("owner"), client_id=world.other_client.pk, title="Ads", value="500.00"
    )
    foreign_asset = asset_create(
        actor=world.actor("other_workspace"),
        client_id=world.foreign_client.pk,
        kind="domain",
        identifier="cave-gamma.fr",
    )
    before = counts()
    for kwargs in (
        {"asset_id": other_asset.pk},
        {"engagement_id": other_engagement.pk},
        {"asset_id": foreign_asset.pk},
        {"asset_id": 999999},
    ):
        with pytest.raises(NotFound):
            action_log(
                actor=world.actor("owner"), client_id=world.client.pk, what="Audit", **kwargs
            )
    with pytest.raises(NotFound):
        action_log(actor=world.actor("owner"), client_id=world.foreign_client.pk, what="Audit")
    assert counts() == before
