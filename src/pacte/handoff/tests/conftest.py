"""Fixtures shared by the handoff tests: the asset registry, a closing engagement, English."""

import pytest
from django.utils import translation

from pacte.handoff.services import engagement_start_closing
from pacte.handoff.tests.helpers import active_engagement, register, reload


@pytest.fixture
def registry(world):
    """One asset of each situation the plan must handle."""
    return {
        "domain": register(
            world,
            "domain",
            "boulangerie-alpha.fr",
            legal_owner="us",
            client_has_admin=False,
            we_have_admin=True,
        ),
        "hosting": register(
            world,
            "hosting",
            "VPS OVH",
            legal_owner="third_party",
            third_party_name="Ancienne Agence",
        ),
        "code": register(world, "code_repository", "gitlab/site", legal_owner="third_party"),
        "backups": register(world, "backup_location", "S3 backups", legal_owner="us"),
        "alias": register(world, "email_alias", "agence@boulangerie-alpha.fr"),
        "analytics": register(world, "analytics", "GA4 property"),  # fully the client's
        "other": register(
            world, "domain", "garage-beta.fr", client=world.other_client, legal_owner="us"
        ),
    }


@pytest.fixture
def closing(world, registry):
    engagement = active_engagement(world)
    engagement_start_closing(actor=world.actor("owner"), engagement_id=engagement.pk)
    return reload(engagement)


@pytest.fixture
def _in_english():
    with translation.override("en"):
        yield
