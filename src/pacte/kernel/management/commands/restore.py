import sqlite3
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

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
        raise CommandError(f"{path} is not a Pacte backup: nothing was restored.", returncode=2)


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
        if live.exists() and backup.samefile(live):
            raise CommandError(
                f"{backup} is the live database itself: nothing to restore.", returncode=2
            )
        connections.close_all()
        safety = None
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
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        dst = sqlite3.connect(live, timeout=20)
        try:
            # One step: the live database changes as a whole or not at all.
            src.backup(dst)
        except sqlite3.Error as exc:
            raise CommandError(f"the restore failed and nothing was changed: {exc}") from None
        finally:
            dst.close()
            src.close()
        self.stdout.write(f"Restored {live.name} from {backup}.")
        if safety:
            self.stdout.write(f"The database as it was is saved in {safety}.")
        self.stdout.write("Run `pacte migrate` if the backup comes from an older Pacte.")
