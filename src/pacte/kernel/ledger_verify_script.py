#!/usr/bin/env python3
"""Checks the ledger of a Pacte evidence pack or workspace export, with Python's standard
library alone.

Run it from the unzipped folder, with no arguments:

    python3 verify.py

It re-computes the SHA-256 of every entry of `ledger.jsonl` given in full, checks that each
entry names the hash of the one before it from the workspace's first entry (genesis) to the
last, and that the last is the head written in `manifest.json`. It prints OK, or the first
entry where the chain breaks and why.

An entry about another client of the workspace is given by its hashes only (its content is
not this client's to see): its own hash cannot be re-computed here, but it still links the
chain, so that no entry of this client can have been changed, removed or reordered without
the chain breaking.
"""

import hashlib
import json
import sys
from pathlib import Path

GENESIS = "0" * 64
CONTENT = (
    "workspace",
    "seq",
    "recorded_at",
    "actor",
    "action",
    "subject_type",
    "subject_id",
    "payload",
    "prev_hash",
)


def canonical(content):
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def main(folder):
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    previous = GENESIS
    count = checked = 0
    with (folder / "ledger.jsonl").open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            entry = json.loads(line)
            seq = entry.get("seq")
            if seq != number:
                return f"BROKEN at line {number}: entry {seq} where entry {number} was expected"
            if entry.get("prev_hash") != previous:
                return f"BROKEN at entry {seq}: it does not name the hash of entry {seq - 1}"
            if "action" in entry:
                content = {key: entry[key] for key in CONTENT}
                if hashlib.sha256(canonical(content)).hexdigest() != entry.get("entry_hash"):
                    return f"BROKEN at entry {seq}: its content does not match its hash"
                checked += 1
            previous = entry.get("entry_hash")
            count += 1
    if count != manifest.get("ledger_length") or previous != manifest.get("ledger_head"):
        return "BROKEN: the ledger does not end at the head written in manifest.json"
    return f"OK {count} entries, {checked} of them re-computed in full"


if __name__ == "__main__":
    verdict = main(Path(__file__).resolve().parent)
    print(verdict)
    sys.exit(0 if verdict.startswith("OK") else 1)
