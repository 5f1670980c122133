"""Fixtures shared by the asset tests: the API as our owner, English."""

import pytest
from django.utils import translation

from pacte.assets.tests.helpers import Api


@pytest.fixture
def api(world):
    return Api(world.token("owner"))


@pytest.fixture
def _in_english():
    with translation.override("en"):
        yield
