"""What every `pacte` command shares: clean errors, and a refusal to run on an old schema."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import (
    BaseCommand,
    CommandError,
    OutputWrapper,
    handle_default_options,
)
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import Error as DatabaseError
from django.utils import translation

from pacte.kernel.database_errors import describe_database_error
from pacte.kernel.errors import DomainError
from pacte.kernel.management.output import printable


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


class PrintableOutput(OutputWrapper):
    """A command's standard output or error that never hands the terminal a control
    character: whatever a message quotes (a workspace's or a token's name, a refusal that
    repeats the input) shows ESC as `\\x1b`. Only the message's own line breaks pass."""

    def write(self, msg="", style_func=None, ending=None):
        super().write(printable(msg, keep="\n"), style_func, ending)


def printable_output(out) -> PrintableOutput:
    if isinstance(out, PrintableOutput):
        return out
    if isinstance(out, OutputWrapper):
        wrapper = PrintableOutput(out._out, ending=out.ending)
        wrapper._style_func = out._style_func
        return wrapper
    return PrintableOutput(out)


class PacteCommand(BaseCommand):
    """Base of Pacte's commands: domain errors and database errors become one clear line,
    and nothing printed carries a raw control character (see PrintableOutput)."""

    requires_up_to_date_schema = True

    # BaseCommand sets stdout and stderr in __init__ and again in execute (for call_command's
    # stdout=…): each time, they are wrapped.
    @property
    def stdout(self) -> PrintableOutput:
        return self._printable_stdout

    @stdout.setter
    def stdout(self, out) -> None:
        self._printable_stdout = printable_output(out)

    @property
    def stderr(self) -> PrintableOutput:
        return self._printable_stderr

    @stderr.setter
    def stderr(self, out) -> None:
        self._printable_stderr = printable_output(out)

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


def new_zip_path(path: str) -> Path:
    """Where a command writes a zip it makes: refused (one line, exit 2) unless it ends with
    .zip, does not exist yet and its folder does."""
    target = Path(path)
    if target.suffix.lower() != ".zip":
        raise CommandError("PATH must end with .zip.", returncode=2)
    if target.exists():
        raise CommandError(f"{target} exists already: choose another path.", returncode=2)
    if not target.parent.is_dir():
        raise CommandError(f"the folder {target.parent} does not exist.", returncode=2)
    return target


@contextmanager
def written_whole(target: Path):
    """A binary file to write `target` through: a `.part` beside it, renamed at the end, so
    that `target` is the whole file or nothing."""
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as out:
            yield out
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
