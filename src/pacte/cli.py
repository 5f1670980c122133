"""The `pacte` command: a thin entry point over Pacte's management commands.

It shows only Pacte's own commands, and turns every known failure (bad configuration,
unreachable database, refused input) into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

from pacte import __version__
from pacte.kernel.database_errors import describe_database_error

# Django's own commands that Pacte offers as they are; every other command is one of Pacte's
# apps' (`<app>/management/commands/<name>.py`), listed with the first sentence of its help.
DJANGO_COMMANDS = {"migrate": "Bring the database schema up to date."}


def _command_help(path: Path) -> str:
    """The `help` of a management command's `Command` class, read without importing it (the
    list must print even when the configuration is broken)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Command":
            for item in node.body:
                if (
                    isinstance(item, ast.Assign)
                    and any(getattr(t, "id", "") == "help" for t in item.targets)
                    and isinstance(item.value, ast.Constant)
                ):
                    return str(item.value.value)
    return ""


def _pacte_commands() -> dict[str, str]:
    package = Path(__file__).resolve().parent
    found = {}
    for path in sorted(package.glob("*/management/commands/*.py")):
        if not path.name.startswith("_"):
            text = " ".join(_command_help(path).split())
            found[path.stem] = text
    return found


COMMANDS = {**DJANGO_COMMANDS, **_pacte_commands()}


def _usage() -> str:
    lines = ["usage: pacte COMMAND [options]", "", "Commands:"]
    width = max(len(name) for name in COMMANDS)
    lines += [f"  {name:<{width}} {text}" for name, text in sorted(COMMANDS.items())]
    lines += ["", "Run `pacte COMMAND --help` for the options of one command."]
    return "\n".join(lines)


def _fail(message: str, code: int = 1) -> int:
    print(f"pacte: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        try:
            print(_usage())
        except BrokenPipeError:  # `pacte --help | head`
            sys.stderr.close()
        return 0
    if argv[0] == "--version":
        print(f"pacte {__version__}")
        return 0
    if argv[0] not in COMMANDS:
        import difflib

        close = difflib.get_close_matches(argv[0], COMMANDS, n=1)
        hint = f"did you mean “{close[0]}”? " if close else ""
        return _fail(f"unknown command “{argv[0]}”: {hint}Run `pacte --help` for the list.", 2)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacte.settings")
    # libpq waits 130 s for a server that does not answer; say so sooner.
    os.environ.setdefault("PGCONNECT_TIMEOUT", "10")
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import Error as DatabaseError

    try:
        import django

        django.setup()
        from django.core.management import ManagementUtility

        ManagementUtility(["pacte", *argv]).execute()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except ImproperlyConfigured as exc:
        return _fail(str(exc))
    except DatabaseError as exc:
        return _fail(describe_database_error(exc))
    except KeyboardInterrupt:
        return _fail("interrupted.", 130)
    except Exception as exc:
        if os.environ.get("PACTE_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
            raise
        return _fail(
            f"unexpected error ({exc.__class__.__name__}: {exc}). "
            "Run again with PACTE_DEBUG=1 to see where it happened, and report it."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
