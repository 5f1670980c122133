import pytest


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path, attachment_storage):
    """Exports written into the test's own folder, never into the data directory."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR
