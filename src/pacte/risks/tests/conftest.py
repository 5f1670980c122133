"""Fixtures shared by the risk tests: an engagement."""

import pytest

from pacte.engagements.services import engagement_create


@pytest.fixture
def engagement(world):
    return engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="Migration", value="8000"
    )
