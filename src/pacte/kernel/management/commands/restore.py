import os
import sqlite3
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from pacte.kernel.management import datalock
from pacte.kernel.management.base import PacteCommand

from .backup import copy_database, sqlite_database_path

REQUIRED_TABLES = {"django_migrations", "core_workspace", "core_ledgerentry"}


def check_backup_file(path: Path) -> None:
    """Refuse anything that is not a sound Pacte database, before touching the live one."""
    if not path.is_file():
        raise CommandError(f"{path} does not exist.", returncode=2)
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            integrity = db.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        finally:
            db.close()
    except sqlite3.DatabaseError:
        raise CommandError(f"{path} is not a SQLite database.", returncode=2) from None
    if integrity != "ok":
        raise CommandError(f"{path} is damaged ({integrity}): nothing was restored.", returncode=2)
    if not tables >= REQUIRED_TABLES:
        raise CommandError(
            f"{path} is not a Pacte backup: nothing was restored.", returncode=2
        ) from None


def check_backup_schema(path: Path) -> None:
    """Refuse a backup made by a newer Pacte: its schema has migrations this code does not
    know, so this code would misread (or silently drop) what they added."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        applied = db.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    except sqlite3.DatabaseError:
        raise CommandError(
            f"{path} is not a Pacte backup: nothing was restored.", returncode=2
        ) from None
    finally:
        db.close()
    # Every migration file on disk, squashed ones' originals included.
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [(app, name) for app, name in applied if (app, name) not in known]
    if unknown:
        app, name = unknown[-1]
        raise CommandError(
            f"{path} comes from a newer Pacte (migration {app}.{name} is unknown here): "
            "upgrade Pacte first, then restore. Nothing was restored.",
            returncode=2,
        )


def sequences(path: Path) -> dict[str, int]:
    """The last id handed out in each table (Django's SQLite tables use AUTOINCREMENT, so
    sqlite_sequence remembers it even for deleted rows)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(db.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    except sqlite3.DatabaseError:
        return {}
    finally:
        db.close()


def carry_sequences(db: sqlite3.Connection, previous: dict[str, int]) -> None:
    """Never hand out an id twice: ids reach outside the database (URLs, API clients, e-mails,
    exports, the ledger's subject ids in the safety copy), so a row created after the restore
    must not take the id of one that existed before it. Each table's counter resumes after the
    highest id either database handed out."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    current = dict(db.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    with db:
        for name, seq in previous.items():
            if name not in tables or current.get(name, 0) >= seq:
                continue
            if name in current:
                db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (seq, name))
            else:
                db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (name, seq))


def unused_path(folder: Path, stem: str) -> Path:
    """folder/stem.sqlite3, or stem-2, stem-3…: a safety copy never replaces another."""
    candidate = folder / f"{stem}.sqlite3"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.sqlite3"
        number += 1
    return candidate


class Command(PacteCommand):
    help = (
        "Restore the SQLite database from a backup made by `pacte backup`. The current "
        "database is first saved under PACTE_DATA_DIR/backups/."
    )
    requires_up_to_date_schema = False

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="The backup file to restore.")

    def handle(self, *args, path, **options):
        live = sqlite_database_path()
        backup = Path(path).expanduser().resolve()
        check_backup_file(backup)
        check_backup_schema(backup)
        # Exclusive: refused while `pacte serve` or `pacte worker` holds the shared lock,
        # and no server can start until the restore is over (issue 10, item 9).
        lock = datalock.hold_exclusive()
        try:
            self.restore(live, backup)
        finally:
            datalock.release(lock)

    def restore(self, live: Path, backup: Path) -> None:
        if live.exists() and backup.samefile(live):
            raise CommandError(
                f"{backup} is the live database itself: nothing to restore.", returncode=2
            )
        connections.close_all()
        safety = None
        previous = sequences(live) if live.exists() else {}
        if live.exists():
            folder = Path(settings.DATA_DIR) / "backups"
            try:
                folder.mkdir(exist_ok=True)
                safety = unused_path(folder, f"before-restore-{datetime.now():%Y%m%d-%H%M%S}")
                copy_database(live, safety)
            except (sqlite3.Error, OSError) as exc:
                raise CommandError(
                    f"cannot save the current database before restoring ({exc}): "
                    "nothing was restored."
                ) from None
        # The backup is staged and its id counters moved on there, so that the live
        # database still changes in one step, as a whole or not at all.
        staging = live.with_name(f".{live.name}.restore-{os.getpid()}.partial")
        try:
            src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
            stage = sqlite3.connect(staging)
            try:
                src.backup(stage)
                carry_sequences(stage, previous)
            finally:
                stage.close()
                src.close()
            stage = sqlite3.connect(f"file:{staging}?mode=ro", uri=True)
            dst = sqlite3.connect(live, timeout=20)
            try:
                stage.backup(dst)
            finally:
                dst.close()
                stage.close()
        except (sqlite3.Error, OSError) as exc:
            raise CommandError(f"the restore failed and nothing was changed: {exc}") from None
        finally:
            staging.unlink(missing_ok=True)
        self.stdout.write(f"Restored {live.name} from {backup}.")
        if safety:
            self.stdout.write(f"The database as it was is saved in {safety}.")
        self.stdout.write("Run `pacte migrate` if the backup comes from an older Pacte.")
