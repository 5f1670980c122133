"""The action log: each action documented with its asset, engagement and author, of one client."""

import pytest

from pacte.assets.models import ActionLogEntry
from pacte.assets.services import action_log, asset_create
from pacte.assets.tests.helpers import TODAY, counts, create, days
from pacte.engagements.services import engagement_create
from pacte.kernel.errors import InvalidInput, NotFound

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_in_english")]


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
