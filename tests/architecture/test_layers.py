"""The layer contract of pyproject.toml holds, and fails when a lower layer imports a higher one."""

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
