"""The layer contract of pyproject.toml holds, and fails when a lower layer imports a higher one."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def run_contract(src: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_tree_keeps_its_layers():
    result = run_contract(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_contract_fails_when_the_kernel_imports_an_area(tmp_path):
    shutil.copytree(
        ROOT / "src" / "pacte",
        tmp_path / "pacte",
        ignore=shutil.ignore_patterns("*.mo", "*.po", "static"),
    )
    probe = tmp_path / "pacte" / "kernel" / "money.py"
    probe.write_text(probe.read_text() + "\nfrom pacte.handoff import services  # noqa\n")
    result = run_contract(tmp_path)
    assert result.returncode != 0
    assert "pacte.kernel is not allowed to import pacte.handoff" in result.stdout


# Where an import inside a function is the right thing, and why. Nothing else may hide an
# import of Pacte inside a function (to dodge a cycle, say): the layers above say who may
# import whom, and a registry lets a lower app hear from a higher one.
FUNCTION_LEVEL_IMPORTS_ALLOWED = {
    # AppConfig.ready(): an app registers its panels, actions and figures once every model is
    # loaded, as Django asks.
    "src/pacte/*/apps.py",
    # pytest reads conftest.py before Django is set up.
    "conftest.py",
    # Reloads the settings module under another environment, on purpose.
    "src/pacte/kernel/tests/test_settings.py",
    # Scripts import Pacte once they have configured Django for the run.
    "bench/*.py",
}


def _function_level_pacte_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("pacte")
                ) or (
                    isinstance(inner, ast.Import)
                    and any(alias.name.startswith("pacte") for alias in inner.names)
                ):
                    found.append(inner.lineno)
    return found


def test_no_import_of_pacte_hides_inside_a_function():
    offenders = []
    for path in sorted(ROOT.glob("**/*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "var", "node_modules"} or ".git" in relative.parts:
            continue
        if any(relative.match(pattern) for pattern in FUNCTION_LEVEL_IMPORTS_ALLOWED):
            continue
        offenders += [f"{relative}:{line}" for line in _function_level_pacte_imports(path)]
    assert not offenders, "imports of pacte inside a function: " + ", ".join(offenders)
