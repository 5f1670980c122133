"""What the pieces of `bench/scale.py` share: Django's set-up in a worker process, the
per-client amounts of data, percentiles and the JSON files the processes hand each other.

The orchestrator (`scale.py`) never imports Django: each database is built and measured by a
child process (`_scale_build.py`, `_scale_inproc.py`, `_scale_load.py`) configured the way an
operator configures Pacte, by PACTE_DATA_DIR and DATABASE_URL.
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
# Bump when the generated data changes, so that databases cached by --keep are rebuilt.
BUILDER_VERSION = 2  # 2: R-SILENCE's stored last outbound days
SRC_DIR = BENCH_DIR.parent / "src"


@dataclass(frozen=True)
class Shape:
    """How much data one client has. The large and the small workspace use the same shape,
    so that a ratio of their timings measures growth with the number of clients alone."""

    engagements: int = 10
    invoices: int = 30
    assets: int = 50
    exchanges: int = 500
    ledger: int = 500  # ledger entries per client, padded with journaled asset changes
    contacts: int = 3
    recommendations: int = 20
    risks: int = 10
    time_entries: int = 100
    actions: int = 10  # R-OWN 11 action log entries

    @classmethod
    def scaled(cls, factor: float) -> Shape:
        base = cls()
        return cls(**{f.name: max(1, round(getattr(base, f.name) * factor)) for f in fields(cls)})

    def as_dict(self) -> dict:
        return asdict(self)


def setup_django() -> None:
    """Configure Django from the environment (PACTE_DATA_DIR, DATABASE_URL) and migrate."""
    sys.path.insert(0, str(SRC_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacte.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def migration_fingerprint() -> list[str]:
    """Pacte's migrations on disk, so that a cached database built before a new migration (a
    new denormalised column, say) is rebuilt rather than measured half-filled. Read from the
    files: the orchestrator does not import Django."""
    return sorted(
        f"{path.parent.parent.name}.{path.stem}"
        for path in (SRC_DIR / "pacte").glob("*/migrations/[0-9]*.py")
    )


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 30 runs is the 29th fastest)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def read_json(path: Path | str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_json(path: Path | str, data) -> None:
    tmp = Path(f"{path}.tmp")
    tmp.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    tmp.replace(path)


def say(message: str) -> None:
    """Progress of a child process: on stderr, so its stdout stays free, and flushed."""
    print(message, file=sys.stderr, flush=True)
