"""`pacte --help` lists the commands from the apps' own command modules and their help."""

from pathlib import Path

from pacte import cli

PACKAGE = Path(cli.__file__).resolve().parent


def test_every_command_module_of_an_app_is_listed_with_its_help():
    modules = {
        path.stem
        for path in PACKAGE.glob("*/management/commands/*.py")
        if not path.name.startswith("_")
    }
    assert modules, "no management command found"
    assert modules | {"migrate"} == set(cli.COMMANDS)
    for name, text in cli.COMMANDS.items():
        assert text.endswith("."), f"`pacte {name}` has no help sentence: {text!r}"


def test_commands_live_in_the_app_that_owns_them():
    owner = {path.stem: path.parents[2].name for path in PACKAGE.glob("*/management/commands/*.py")}
    assert owner["clients"] == "clients"
    assert owner["deadlines"] == "deadlines"
    assert owner["demo"] == "demo"
    assert owner["user"] == owner["token"] == "workspace"
