"""Fixtures shared by the engagement tests: a draft engagement, the API as our owner and as
another workspace."""

import pytest

from pacte.engagements.services import engagement_create
from pacte.engagements.tests.helpers import Api


@pytest.fixture
def engagement(world):
    return engagement_create(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        title="Refonte",
        value="10000.00",
        deposit_percent=30,
    )


@pytest.fixture
def api(world):
    return Api(world.token("owner"))


@pytest.fixture
def outsider(world):
    return Api(world.token("other_workspace"))
