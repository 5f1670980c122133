import pytest


@pytest.fixture(autouse=True)
def attachment_storage(settings, tmp_path):
    """Every test of this folder stores its files in its own temporary folder, never in the
    real data directory."""
    location = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    return location
