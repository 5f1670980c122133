import pytest


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(attachment_storage):
    """Every test of this folder stores its files in its own temporary folder (the root
    conftest's `attachment_storage`), never in the real data directory."""
    return attachment_storage
