import pytest


@pytest.fixture
def world(db):
    """The shared cast of actors (see pacte.core.testing)."""
    from pacte.core.testing import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
