import pytest


@pytest.fixture
def world(db):
    """The shared cast of actors (see pacte.testing)."""
    from pacte.testing import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
