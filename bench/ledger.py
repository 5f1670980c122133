"""Benchmark of the proof ledger: append N entries, then verify the chain.

    .venv/bin/python bench/ledger.py [--entries 20000]

Prints the time per append and the time to verify the whole chain (the dashboard and the
ledger page verify it on every view, `pacte ledger verify` on demand).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20000)
    args = parser.parse_args()
    os.environ.setdefault("PACTE_DATA_DIR", tempfile.mkdtemp(prefix="pacte-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacte.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from pacte.kernel import ledger
    from pacte.kernel.tenancy import Actor
    from pacte.workspace.services import workspace_create

    workspace = workspace_create(name=f"Bench {time.time_ns()}", owner_email="b@pacte.example")
    actor = Actor.system(workspace)
    start = time.perf_counter()
    with transaction.atomic():
        for n in range(args.entries):
            ledger.append(
                actor=actor,
                action="bench.note",
                payload={"n": n, "text": "décision du client, avec ses mots"},
            )
    appended = time.perf_counter() - start
    print(f"appended {args.entries} entries: {appended / args.entries * 1e6:.0f} µs each")
    start = time.perf_counter()
    result = ledger.verify(workspace)
    print(
        f"verified {result.count} entries in {(time.perf_counter() - start) * 1000:.0f} ms: "
        f"{result.describe()}"
    )
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
