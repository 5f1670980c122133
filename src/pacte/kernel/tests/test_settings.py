"""Settings read from the environment, and SQLite tuned for concurrent use."""

import importlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper


def load_settings(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("PACTE_DATA_DIR", str(tmp_path))
    for name in ("DATABASE_URL", "PACTE_SECRET_KEY", "PACTE_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import pacte.settings

    try:
        module = importlib.reload(pacte.settings)
        return SimpleNamespace(**{k: getattr(module, k) for k in dir(module) if k.isupper()})
    finally:
        monkeypatch.undo()
        importlib.reload(pacte.settings)


def test_defaults_put_everything_in_the_data_dir(monkeypatch, tmp_path):
    settings = load_settings(monkeypatch, tmp_path)
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings.DATABASES["default"]["NAME"] == tmp_path / "pacte.sqlite3"
    assert settings.DEBUG is False
    key_file = tmp_path / "secret_key"
    assert settings.SECRET_KEY == key_file.read_text()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    # The key is kept: the next start reads the same one.
    assert load_settings(monkeypatch, tmp_path).SECRET_KEY == settings.SECRET_KEY


def test_database_url_switches_to_postgresql(monkeypatch, tmp_path):
    settings = load_settings(
        monkeypatch, tmp_path, DATABASE_URL="postgres://pacte:s3cret@db.local:5433/pacte"
    )
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == ("db.local", 5433, "pacte", "pacte")


def test_postgresql_servers_borrow_connections_from_a_pool(monkeypatch, tmp_path):
    url = "postgres://pacte@db.local:5432/pacte"
    # Several server processes, each with threads: each process keeps a small pool (applied
    # by `pacte serve`, see test_serve) rather than one connection per thread.
    assert load_settings(monkeypatch, tmp_path, DATABASE_URL=url).PACTE_DB_POOL["max_size"] == 8
    sized = load_settings(monkeypatch, tmp_path, DATABASE_URL=url, PACTE_DB_POOL_SIZE="20")
    assert sized.PACTE_DB_POOL["max_size"] == 20
    assert (
        load_settings(monkeypatch, tmp_path, DATABASE_URL=url, PACTE_DB_POOL_SIZE="0").PACTE_DB_POOL
        is None
    )
    assert load_settings(monkeypatch, tmp_path).PACTE_DB_POOL is None  # SQLite


def test_a_bad_pool_size_is_refused(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="PACTE_DB_POOL_SIZE"):
        load_settings(
            monkeypatch,
            tmp_path,
            DATABASE_URL="postgres://pacte@db.local:5432/pacte",
            PACTE_DB_POOL_SIZE="many",
        )


@pytest.mark.parametrize(
    "url, says",
    [
        ("postgres://u:p@host:notaport/db", "DATABASE_URL is malformed"),
        ("mysql://u@host/db", "unsupported database"),
        ("postgres://u@host:5432", "no database name"),
    ],
)
def test_a_bad_database_url_says_what_to_do(monkeypatch, tmp_path, url, says):
    with pytest.raises(ImproperlyConfigured, match=says):
        load_settings(monkeypatch, tmp_path, DATABASE_URL=url)


def test_an_unwritable_data_dir_says_what_to_do(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(ImproperlyConfigured, match="set PACTE_DATA_DIR"):
        load_settings(monkeypatch, tmp_path / "a-file" / "data")


def test_a_bad_boolean_is_refused(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="PACTE_DEBUG"):
        load_settings(monkeypatch, tmp_path, PACTE_DEBUG="maybe")


@pytest.mark.django_db
@pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="SQLite settings")
def test_sqlite_runs_with_wal_immediate_transactions_and_foreign_keys(tmp_path):
    settings_dict = {**connections["default"].settings_dict, "NAME": str(tmp_path / "t.db")}
    wrapper = DatabaseWrapper(settings_dict, alias="pragma-check")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000
        # Django opens every transaction with BEGIN IMMEDIATE.
        assert wrapper.transaction_mode == "IMMEDIATE"
    finally:
        wrapper.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="PostgreSQL pool")
def test_the_server_processes_borrow_from_the_pool(settings):
    from pacte.kernel.management.commands.serve import use_connection_pool

    connection = connections["default"]
    database = connection.settings_dict
    saved = {key: database[key] for key in ("OPTIONS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    settings.PACTE_DB_POOL = {"min_size": 1, "max_size": 2, "timeout": 5}
    try:
        assert use_connection_pool()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
        assert connection.pool is not None
    finally:
        connection.close()
        connection.close_pool()
        database.update(saved)
    settings.PACTE_DB_POOL = None
    assert not use_connection_pool()
