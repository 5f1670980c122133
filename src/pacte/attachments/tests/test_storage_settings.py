"""The "attachments" storage: a folder of PACTE_DATA_DIR by default, S3 when a bucket is
named; Django's own "default" and "staticfiles" storages unchanged."""

from pacte.kernel.tests.test_settings import load_settings


def test_files_go_to_the_data_dir_by_default(monkeypatch, tmp_path):
    settings = load_settings(monkeypatch, tmp_path)
    storage = settings.STORAGES["attachments"]
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storage["OPTIONS"]["location"] == tmp_path / "attachments"
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert (
        settings.STORAGES["staticfiles"]["BACKEND"]
        == "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    assert settings.PACTE_ATTACHMENT_MAX_BYTES == 20 * 1024 * 1024


def test_a_bucket_switches_to_s3(monkeypatch, tmp_path):
    settings = load_settings(
        monkeypatch,
        tmp_path,
        PACTE_S3_BUCKET="pacte-preuves",
        PACTE_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
        PACTE_S3_REGION="fr-par",
        PACTE_S3_ACCESS_KEY_ID="AKIA",
        PACTE_S3_SECRET_ACCESS_KEY="secret",
        PACTE_ATTACHMENT_MAX_BYTES="1000",
    )
    storage = settings.STORAGES["attachments"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "pacte-preuves"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.fr-par.scw.cloud"
    assert storage["OPTIONS"]["region_name"] == "fr-par"
    assert storage["OPTIONS"]["access_key"] == "AKIA"
    assert storage["OPTIONS"]["secret_key"] == "secret"
    assert storage["OPTIONS"]["default_acl"] is None
    assert settings.PACTE_ATTACHMENT_MAX_BYTES == 1000
