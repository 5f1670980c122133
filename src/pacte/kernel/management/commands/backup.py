import os
import sqlite3
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection

from pacte.kernel.management.base import PacteCommand


def sqlite_database_path() -> Path:
    if connection.vendor != "sqlite":
        raise CommandError(
            "backup and restore work on the SQLite database; on PostgreSQL use pg_dump and "
            "pg_restore, which know its live state.",
            returncode=2,
        )
    return Path(connection.settings_dict["NAME"])


def copy_database(source: Path, target: Path) -> None:
    """Copy with SQLite's online backup API, into a temporary file renamed at the end, so
    that the target is either the previous file or the whole copy, never half of one."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # A self-contained file, no -wal beside it.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


class Command(PacteCommand):
    help = "Back up the SQLite database to PATH with SQLite's backup API (safe while running)."
    requires_up_to_date_schema = False

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="The backup file to write.")
        parser.add_argument("--force", action="store_true", help="Overwrite PATH if it exists.")

    def handle(self, *args, path, force, **options):
        source = sqlite_database_path()
        if not source.is_file():
            raise CommandError(
                f"there is no database in {source.parent} yet: nothing to back up.", returncode=2
            )
        target = Path(path).expanduser().resolve()
        if target.is_dir():
            raise CommandError(f"{target} is a folder: name the backup file.", returncode=2)
        if target.exists() and target.samefile(source):
            raise CommandError(
                f"{target} is the live database itself: choose another path.", returncode=2
            )
        if target.exists() and not force:
            raise CommandError(
                f"{target} already exists: choose another path or add --force.", returncode=2
            )
        if not target.parent.is_dir():
            raise CommandError(f"the folder {target.parent} does not exist.", returncode=2)
        try:
            copy_database(source, target)
        except (sqlite3.Error, OSError) as exc:
            raise CommandError(f"cannot write the backup to {target}: {exc}") from None
        size = target.stat().st_size
        self.stdout.write(f"Backed up {source.name} to {target} ({size / 1024:.0f} KiB).")
