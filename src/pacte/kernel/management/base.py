"""What every `pacte` command shares: clean errors, and a refusal to run on an old schema."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, handle_default_options
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import Error as DatabaseError
from django.utils import translation

from pacte.kernel.errors import DomainError


def describe_database_error(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    lowered = text.lower()
    if (
        "password authentication failed" in lowered
        or "authentication failed" in lowered
        or "no password supplied" in lowered
    ):
        return "the database refused the password in DATABASE_URL: correct the user or password."
    if "role" in lowered and "does not exist" in lowered:
        return f"the database does not know the user in DATABASE_URL ({text}): correct it."
    if (
        "connection refused" in lowered
        or "could not connect" in lowered
        or "timeout" in lowered
        or "failed to resolve host" in lowered
        or "could not translate host name" in lowered
        or "name or service not known" in lowered
    ):
        return (
            f"cannot reach the database ({text}): check that PostgreSQL is running and that "
            "DATABASE_URL names the right host and port."
        )
    if "does not exist" in lowered and "database" in lowered:
        return f"{text}: create the database first, or correct DATABASE_URL."
    if "no such table" in lowered or ("relation" in lowered and "does not exist" in lowered):
        return f"the database is not set up ({text}): run `pacte migrate`."
    if "no such column" in lowered or ("column" in lowered and "does not exist" in lowered):
        return f"the database does not match this version of Pacte ({text}): run `pacte migrate`."
    if "unable to open database" in lowered or "readonly" in lowered:
        return f"cannot open the database ({text}): check PACTE_DATA_DIR and its permissions."
    return f"database error: {text}"


def missing_sqlite_file(database: str = DEFAULT_DB_ALIAS) -> Path | None:
    """The SQLite file the settings name, when it does not exist yet (connecting would
    create an empty one)."""
    connection = connections[database]
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if connection.creation.is_in_memory_db(name):
        return None
    path = Path(name)
    return None if path.exists() else path


def cli_language() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def pending_migrations(database: str = DEFAULT_DB_ALIAS) -> list:
    connection = connections[database]
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


class PacteCommand(BaseCommand):
    """Base of Pacte's commands: domain errors and database errors become one clear line."""

    requires_up_to_date_schema = True

    def execute(self, *args, **options):
        # The command line speaks English unless the shell's locale is French: then the
        # refusals that come from the services read in French too.
        translation.activate(cli_language())
        try:
            if self.requires_up_to_date_schema and (missing := missing_sqlite_file()):
                raise CommandError(
                    f"there is no database in {missing.parent} yet: run `pacte migrate` first."
                )
            if self.requires_up_to_date_schema and pending_migrations():
                raise CommandError(
                    "the database is behind on migrations: run `pacte migrate` first."
                )
            return super().execute(*args, **options)
        except DomainError as exc:
            raise CommandError(exc.detail, returncode=2 if exc.status == 400 else 1) from None
        except DatabaseError as exc:
            raise CommandError(describe_database_error(exc)) from None

    def run_from_argv(self, argv):
        # As BaseCommand.run_from_argv, but a refusal reads "pacte: …", not "CommandError: …".
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            self.execute(*args, **cmd_options)
        except CommandError as exc:
            self.stderr.write(f"pacte: {exc}")
            sys.exit(exc.returncode)
        finally:
            connections.close_all()

    def read_password(self, from_stdin: bool) -> str:
        """The password from one line of standard input, or typed twice at the terminal.
        Never empty: a person created here must be able to sign in."""
        stdin = sys.stdin
        if from_stdin:
            line = stdin.readline() if stdin is not None else ""
            password = line.rstrip("\r\n")
            if not password:
                raise CommandError("no password on standard input.", returncode=2)
            return password
        if stdin is None or not stdin.isatty():
            raise CommandError(
                "no terminal to type the password on: pass it on standard input with "
                "--password-stdin.",
                returncode=2,
            )
        import getpass

        try:
            password = getpass.getpass("Password: ")
            if not password:
                raise CommandError("no password given.", returncode=2)
            if getpass.getpass("Password (again): ") != password:
                raise CommandError("the two passwords differ: nothing was done.", returncode=2)
        except EOFError:
            raise CommandError("no password given.", returncode=2) from None
        return password
