import pytest


@pytest.fixture
def world(db):
    """The shared cast of actors (see pacte.testing)."""
    from pacte.testing import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def attachment_storage(settings, tmp_path):
    """Evidence files stored in the test's own temporary folder, never in the data directory.
    Returns the folder."""
    location = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    return location
