"""Workspace export and import at scale (issue 14): `pacte export` of a workspace into a zip,
then `pacte import` of that zip into a fresh, empty install, each timed in its own process
with its peak memory, against the target of 2 minutes each on the large workspace of
`bench/scale.py` (2,000 clients, 1,000,000 exchanges, 1,000,000 ledger entries).

    .venv/bin/python bench/portability.py var/scale/sqlite-c2000_x1_s42/data/pacte.sqlite3
    .venv/bin/python bench/portability.py --small              # the demo workspace, in seconds
    .venv/bin/python bench/portability.py --database-url postgres://postgres@127.0.0.1:5432/pacte_scale_c2000_x1_s42
    .venv/bin/python bench/portability.py --small --roundtrip --profile var/profiles

The large workspace is the one `bench/scale.py --keep DIR` caches (its SQLite file is
DIR/sqlite-c2000_x1_s42/data/pacte.sqlite3); build it once with

    PACTE_DATA_DIR=DIR/sqlite-c2000_x1_s42/data .venv/bin/python bench/_scale_build.py \\
        --clients 2000 --scale 1 --seed 42 --out DIR/sqlite-c2000_x1_s42/build.json

What it does. SOURCE, a SQLite file (or the PACTE_DATA_DIR folder holding pacte.sqlite3), is
copied with its folder's secret_key, attachments/ and uploads/ into a temporary folder, so
the cache is never written to, and migrated there (untimed). With --database-url the source is that
PostgreSQL database, read as it is (an export only reads), and the import goes into a new
database named after it with the suffix _import, dropped at the end (--data-dir names the
source install's folder, for its attached files). Then, each in its own process, the way an
operator runs them:
  export   `pacte export WORKSPACE out.zip`
  import   `pacte migrate` of an empty install (untimed), then `pacte import out.zip
           --no-invite`
  again    with --roundtrip, `pacte export` of the imported workspace: its data files must be
           the same bytes as the first export's (the manifest aside)
Each step's wall time, CPU time and peak RSS (the process's own, from wait4) are measured;
its RSS is also sampled every 0.2 s, so that the table says whether memory stayed flat
(streaming: within 50 MB or 25 % between a quarter and nine tenths of the run) or grew with
the rows written. Rows are the manifest's counts plus the ledger's entries. On a machine
shared with other work, the CPU time is the steadier figure: each step runs on one core.
The row counts of a few tables in the source and in the imported workspace are compared.

Figures, not a test: a missed target is a FAIL line; the exit status is non-zero only when
a step could not run to its end or the round trip differs.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

TARGET_SECONDS = 120.0
RSS_SAMPLE_SECONDS = 0.2
MEMORY_SLACK_MB = 50
# Tables counted in the source and in the imported workspace (the large ones and the root).
CHECKED_TABLES = (
    ("clients", "clients_client"),
    ("exchanges", "exchanges_exchange"),
    ("ledger entries", "core_ledgerentry"),
)
# Zip members that may differ between two exports of the same data.
VOLATILE_MEMBERS = {"manifest.json", "README.txt", "README.md"}
# The data folder's files an export may carry (attached evidence, uploads).
FILE_FOLDERS = ("attachments", "uploads")
TIMED_STEPS = ("export", "import")
PROFILED_STEPS = ("export", "import", "again")


class StepFailed(Exception):
    """A `pacte` command failed: reported, and the run stops there."""


# Arguments ---------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="bench/portability.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "source",
        nargs="?",
        metavar="SOURCE",
        help="the SQLite file of the workspace (or its PACTE_DATA_DIR folder); copied first",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="a PostgreSQL database instead of SOURCE; the import goes into URL's database "
        "name + _import, created and dropped",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="with --database-url: the install's PACTE_DATA_DIR, where its attached files are "
        "(default: an empty folder, so the export lists them as missing)",
    )
    parser.add_argument(
        "--small",
        action="store_true",
        help="the demo workspace (`pacte demo` in a temporary install): under a minute, for CI",
    )
    parser.add_argument(
        "--workspace",
        metavar="NAME",
        help="the workspace to export (default: the only one there is)",
    )
    parser.add_argument(
        "--target-seconds",
        metavar="S",
        type=float,
        default=TARGET_SECONDS,
        help=f"target per step ({TARGET_SECONDS:.0f})",
    )
    parser.add_argument(
        "--roundtrip",
        action="store_true",
        help="export the imported workspace again and compare the data files byte for byte",
    )
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="run each step under cProfile, write DIR/<step>.prof and print its top functions "
        "(slower: the times are then not the targets')",
    )
    parser.add_argument(
        "--keep-zip", metavar="PATH", help="keep the export's zip at PATH (default: removed)"
    )
    parser.add_argument(
        "--verbose", action="store_true", help="echo the commands' own output as they run"
    )
    args = parser.parse_args(argv)
    given = sum(bool(x) for x in (args.source, args.database_url, args.small))
    if given != 1:
        parser.error("give exactly one of SOURCE, --database-url or --small")
    if args.source and not Path(args.source).exists():
        parser.error(f"{args.source} does not exist")
    if args.database_url and not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be a postgres:// URL")
    if args.data_dir and not args.database_url:
        parser.error("--data-dir goes with --database-url (SOURCE names its own folder)")
    if args.keep_zip and Path(args.keep_zip).exists():
        parser.error(f"{args.keep_zip} exists already")
    return args


# Running a `pacte` command -----------------------------------------------------------------


@dataclass
class Measure:
    """One `pacte` command: how long, how much CPU and memory, and what it said."""

    name: str
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_mb: float = 0.0
    samples: list = field(default_factory=list)  # (seconds since start, RSS in MB)
    output: str = ""
    rows: int | None = None

    def rss_at(self, share: float) -> float:
        """The RSS sampled at `share` of the run (0.1 = after a tenth of its time)."""
        if not self.samples:
            return float("nan")
        moment = self.seconds * share
        earlier = [mb for t, mb in self.samples if t <= moment]
        return earlier[-1] if earlier else self.samples[0][1]


def pacte_command(arguments: list, profile_to: Path | None = None) -> list:
    """`pacte …` run by this interpreter, so the bench measures the code of its own venv."""
    runner = [sys.executable]
    if profile_to is not None:
        runner += ["-m", "cProfile", "-o", str(profile_to)]
    return [*runner, "-m", "pacte.cli", *map(str, arguments)]


def rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def run_pacte(name: str, arguments: list, env: dict, args, log_dir: Path) -> Measure:
    """Run `pacte ARGUMENTS` in its own process; wait4 gives its own peak RSS and CPU time
    (not that of the commands run before it, as RUSAGE_CHILDREN would)."""
    profiled = args.profile and name in PROFILED_STEPS
    profile_to = Path(args.profile) / f"{name}.prof" if profiled else None
    log_path = log_dir / f"{name}.log"
    measure = Measure(name)
    with open(log_path, "w+b") as log:
        started = time.perf_counter()
        child = subprocess.Popen(
            pacte_command(arguments, profile_to),
            env=env,
            stdout=None if args.verbose else log,
            stderr=None if args.verbose else subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            while True:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
                if pid:
                    break
                sampled = rss_mb(child.pid)
                if sampled is not None:
                    measure.samples.append((time.perf_counter() - started, sampled))
                time.sleep(RSS_SAMPLE_SECONDS)
        except BaseException:
            child.kill()
            child.wait()
            raise
        measure.seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
        measure.cpu_seconds = usage.ru_utime + usage.ru_stime
        measure.peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
        log.seek(0)
        measure.output = log.read().decode("utf-8", "replace")
    if child.returncode != 0:
        tail = "\n".join(measure.output.strip().splitlines()[-15:])
        raise StepFailed(
            f"`pacte {' '.join(map(str, arguments))}` exited with {child.returncode}"
            + (f":\n{tail}" if tail else f" (see {log_path})")
        )
    return measure


# Databases ---------------------------------------------------------------------------------


def child_env(**changes) -> dict:
    # Never PACTE_DEBUG: Django's DEBUG logs every query, and its memory and time with it.
    skipped = {"DATABASE_URL", "PACTE_DATA_DIR", "PACTE_DEBUG"}
    env = {k: v for k, v in os.environ.items() if k not in skipped}
    env.update({k: str(v) for k, v in changes.items() if v is not None})
    return env


class SQLiteInstall:
    """An install on SQLite: a PACTE_DATA_DIR folder holding pacte.sqlite3."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.env = child_env(PACTE_DATA_DIR=data_dir)

    def query(self, sql: str, params=()) -> list:
        with contextlib.closing(sqlite3.connect(self.data_dir / "pacte.sqlite3")) as conn:
            return conn.execute(sql, params).fetchall()

    def drop(self) -> None:
        pass  # under the scratch folder


class PostgresInstall:
    """An install on PostgreSQL: DATABASE_URL, and a data folder for the rest."""

    def __init__(self, url: str, data_dir: Path):
        self.url = url
        self.data_dir = data_dir
        self.env = child_env(PACTE_DATA_DIR=data_dir, DATABASE_URL=url)
        self.created = False

    def query(self, sql: str, params=()) -> list:
        import psycopg  # only needed with --database-url

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()

    def admin(self, sql: str) -> None:
        import psycopg

        parts = urllib.parse.urlsplit(self.url)
        server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(sql)

    @property
    def name(self) -> str:
        return urllib.parse.urlsplit(self.url).path.lstrip("/")

    def create(self) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin(f'CREATE DATABASE "{self.name}"')
        self.created = True

    def drop(self) -> None:
        if self.created:
            with contextlib.suppress(Exception):
                self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def copy_source(source: Path, into: Path) -> None:
    """The SQLite file, and what sits next to it in its data folder, copied: the export
    reads attachments and the install's secret from there."""
    source = source.resolve()
    folder = source if source.is_dir() else source.parent
    database = folder / "pacte.sqlite3" if source.is_dir() else source
    if not database.is_file():
        raise StepFailed(f"no SQLite database at {database}")
    into.mkdir(parents=True)
    shutil.copy2(database, into / "pacte.sqlite3")
    for suffix in ("-wal", "-shm"):  # a database left open: its last writes are there
        side = database.with_name(database.name + suffix)
        if side.exists():
            shutil.copy2(side, into / ("pacte.sqlite3" + suffix))
    if (folder / "secret_key").is_file():
        shutil.copy2(folder / "secret_key", into / "secret_key")
    for files in FILE_FOLDERS:
        if (folder / files).is_dir():
            shutil.copytree(folder / files, into / files)


def choose_workspace(install, wanted: str | None) -> str:
    names = [row[0] for row in install.query("SELECT name FROM core_workspace ORDER BY id")]
    if wanted:
        if wanted.casefold() not in {n.casefold() for n in names}:
            raise StepFailed(f"no workspace named {wanted!r}; there are: {', '.join(names)}")
        return wanted
    if len(names) != 1:
        raise StepFailed(
            f"{len(names)} workspaces in the source ({', '.join(names)}): add --workspace NAME"
        )
    return names[0]


def table_counts(install, workspace: str) -> dict:
    """Rows of the checked tables that belong to the workspace named."""
    found = {}
    for label, table in CHECKED_TABLES:
        try:
            rows = install.query(
                f"SELECT COUNT(*) FROM {table} WHERE workspace_id IN "
                "(SELECT id FROM core_workspace WHERE name = ?)",
                (workspace,),
            )
            found[label] = rows[0][0]
        except Exception as exc:  # a renamed table must not hide the timings
            found[label] = f"? ({exc.__class__.__name__})"
    return found


# The zip -----------------------------------------------------------------------------------


def zip_contents(path: Path) -> tuple[int, dict]:
    """The export's rows (its manifest's counts and ledger entries, or else the lines of its
    data files and ledger) and each member's SHA-256."""
    lines, digests = 0, {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            digest = hashlib.sha256()
            counting = info.filename.startswith("data/") or info.filename == "ledger.jsonl"
            with archive.open(info) as member:
                while chunk := member.read(1 << 20):
                    digest.update(chunk)
                    if counting:
                        lines += chunk.count(b"\n")
            digests[info.filename] = digest.hexdigest()
        with contextlib.suppress(KeyError, ValueError, TypeError, AttributeError):
            manifest = json.loads(archive.read("manifest.json"))
            counts = manifest["counts"].values()
            return sum(counts) + int(manifest["ledger_length"]), digests
    return lines, digests


def compare_exports(first: dict, second: dict) -> list[str]:
    """The data members that differ between two exports (the manifest and README aside)."""
    names = sorted((set(first) | set(second)) - VOLATILE_MEMBERS)
    return [n for n in names if first.get(n) != second.get(n)]


def measured_code() -> str:
    """Where the `pacte` the steps run comes from, and its commit when it is a checkout."""
    found = subprocess.run(
        [sys.executable, "-c", "import pacte; print(pacte.__file__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    package = Path(found.stdout.strip() or ".").parent
    commit = subprocess.run(
        ["git", "-C", str(package), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"{package}" + (f" (git {commit})" if commit else "")


# Printing ----------------------------------------------------------------------------------


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def figure(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def megabytes(size: float) -> str:
    return f"{size / 1e6:,.1f} MB"


def print_profile(path: Path, top: int = 25) -> None:
    import pstats

    print(f"  {path.name}: top {top} by cumulative time, then by own time")
    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def print_table(measures: list, args) -> bool:
    target = args.target_seconds
    print(
        f"  {'step':<15} {'rows':>11} {'seconds':>9} {'CPU s':>8} {'peak MB':>9} "
        f"{'MB at 25 %':>11} {'MB at 90 %':>11} {'target':>8}  verdict"
    )
    every_ok = True
    for m in measures:
        ok = m.seconds < target
        timed = m.name in TIMED_STEPS
        every_ok &= ok or not timed
        rows = f"{m.rows:,}" if m.rows is not None else "—"
        print(
            f"  {m.name:<15} {rows:>11} {m.seconds:>9.1f} {m.cpu_seconds:>8.1f} "
            f"{m.peak_mb:>9.0f} {m.rss_at(0.25):>11.0f} {m.rss_at(0.9):>11.0f} "
            f"{(f'{target:.0f} s' if timed else '—'):>8}  "
            f"{('PASS' if ok else 'FAIL') if timed else '(untimed)'}"
        )
    return every_ok


# The run -----------------------------------------------------------------------------------


def prepare_source(args, scratch: Path, log_dir: Path, measures: list):
    """The install exported from, ready: a copy of SOURCE, the demo, or --database-url."""
    data = scratch / "source-data"
    if args.database_url:
        if args.data_dir:
            return PostgresInstall(args.database_url, Path(args.data_dir).resolve())
        data.mkdir()
        return PostgresInstall(args.database_url, data)
    if args.small:
        data.mkdir()
        install = SQLiteInstall(data)
        run_pacte("source-migrate", ["migrate"], install.env, args, log_dir)
        run_pacte("demo", ["demo"], install.env, args, log_dir)
        return install
    copy_source(Path(args.source), data)
    install = SQLiteInstall(data)
    # Untimed: a cache built before the latest migration is brought up to date first.
    measures.append(run_pacte("migrate", ["migrate"], install.env, args, log_dir))
    measures[-1].name = "migrate (copy)"
    return install


def new_target(args, scratch: Path, name: str):
    data = scratch / f"{name}-data"
    data.mkdir()
    if args.database_url:
        parts = urllib.parse.urlsplit(args.database_url)
        base = parts.path.lstrip("/") or "pacte"
        url = urllib.parse.urlunsplit(parts._replace(path=f"/{base[:50]}_{name}"))
        target = PostgresInstall(url, data)
        target.create()
        return target
    return SQLiteInstall(data)


def run(args, scratch: Path) -> int:
    log_dir = scratch / "logs"
    log_dir.mkdir()
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)
    print(
        f"Workspace export and import — {'PostgreSQL' if args.database_url else 'SQLite'}, "
        f"Python {sys.version.split()[0]}, {load_average()}"
    )
    print(f"  code measured: {measured_code()}")
    if args.profile:
        print("  under cProfile: the times below are slower than the real ones")
    measures: list[Measure] = []
    targets = []
    try:
        source = prepare_source(args, scratch, log_dir, measures)
        workspace = choose_workspace(source, args.workspace)
        before = table_counts(source, workspace)
        print(
            f"  workspace “{workspace}”: "
            + ", ".join(f"{v:,} {k}" for k, v in before.items() if isinstance(v, int))
        )
        print(flush=True)

        zip_path = scratch / "export.zip"
        export = run_pacte("export", ["export", workspace, zip_path], source.env, args, log_dir)
        export.rows, first_digests = zip_contents(zip_path)
        measures.append(export)
        zip_size = zip_path.stat().st_size

        target = new_target(args, scratch, "import")
        targets.append(target)
        measures.append(run_pacte("migrate", ["migrate"], target.env, args, log_dir))
        imported = run_pacte(
            "import", ["import", zip_path, "--no-invite"], target.env, args, log_dir
        )
        imported.rows = export.rows
        measures.append(imported)
        after = table_counts(target, workspace)

        differing = None
        if args.roundtrip:
            again_path = scratch / "again.zip"
            again = run_pacte("again", ["export", workspace, again_path], target.env, args, log_dir)
            again.rows, second_digests = zip_contents(again_path)
            measures.append(again)
            differing = compare_exports(first_digests, second_digests)
        if args.keep_zip:
            shutil.copy2(zip_path, args.keep_zip)
    except StepFailed as exc:
        if measures:
            print_table(measures, args)
        print(f"\nFAILED: {exc}")
        return 1
    finally:
        for target in targets:
            target.drop()

    passed = print_table(measures, args)
    print()
    print(
        f"  zip: {megabytes(zip_size)}, {len(first_digests)} files"
        + (f" (kept at {args.keep_zip})" if args.keep_zip else "")
    )
    same = all(before[k] == after.get(k) for k in before)
    print(
        "  rows, source → imported: "
        + ", ".join(f"{k} {before[k]:,} → {figure(after.get(k))}" for k in before)
        + ("" if same else "  DIFFERENT")
    )
    for m in measures:
        if m.name in TIMED_STEPS and m.samples:
            early, late = m.rss_at(0.25), m.rss_at(0.9)
            # Streaming keeps the RSS where it was once Django and the first chunks were
            # loaded; a small workspace's run is mostly that loading, hence the 50 MB floor.
            flat = late - early < max(MEMORY_SLACK_MB, 0.25 * early)
            print(
                f"  {m.name} memory: {early:.0f} MB after a quarter of its time, "
                f"{late:.0f} MB after nine tenths, peak {m.peak_mb:.0f} MB "
                f"({'flat' if flat else 'GROWS'}: {late - early:+.0f} MB)"
            )
    if differing is not None:
        print(
            "  round trip: the imported workspace exports the same data files"
            if not differing
            else f"  round trip: {len(differing)} data files differ: {', '.join(differing[:10])}"
        )
    print(f"  {load_average()} at the end")
    print()
    print(
        f"Summary: export and import under {args.target_seconds:.0f} s each: "
        f"{'PASS' if passed else 'FAIL'}"
    )
    if args.profile:
        print()
        for m in measures:
            path = Path(args.profile) / f"{m.name}.prof"
            if m.name in PROFILED_STEPS and path.exists():
                print_profile(path)
    return 0 if same and not differing else 1


def main(argv=None) -> int:
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="pacte-portability-"))
    try:
        return run(args, scratch)
    except KeyboardInterrupt:
        print("\ninterrupted: the temporary files are removed.")
        return 130
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
