"""The dispute evidence pack (DOMAIN §8): a client's dated records, the ledger entries that
prove them, and a verifier a third party runs with Python alone.

The pack holds the workspace's whole chain from genesis to the head, so that a third party
can check that nothing was changed, removed or reordered. Entries about this client are
given in full; the others only by their hashes (`seq`, `prev_hash`, `entry_hash`): they are
other clients' business, and their hashes are all the chain needs. Making a pack writes
nothing, not even to the ledger: the chain stays as it is proven.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import UTC

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from pacte import __version__
from pacte.clients.selectors import client_get
from pacte.kernel.journal import journal
from pacte.kernel.ledger import VERIFY_SCRIPT, chain_id, stored_entry
from pacte.kernel.models import LedgerEntry
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.reports.selectors import pdf_available

from .selectors import client_subjects

# Entries read per query while the chain is written.
CHUNK = 5_000
# The summary lists at most this many of the client's entries (the ledger file has them all).
SUMMARY_LIMIT = 5_000


def _line(entry: LedgerEntry, full: bool, chain: int) -> str:
    if not full:
        row = {"seq": entry.seq, "prev_hash": entry.prev_hash, "entry_hash": entry.entry_hash}
    else:
        row = stored_entry(chain, entry)
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


def evidence_pack(*, actor: Actor, client_id: int, out) -> dict:
    """Write the client's evidence pack as a zip to the binary file `out`; its manifest."""
    actor.require(Perm.EVIDENCE_EXPORT)
    client = client_get(actor=actor, client_id=client_id)
    subjects = client_subjects(actor=actor, client=client)
    workspace = actor.workspace
    workspace.refresh_from_db(fields=["ledger_length", "ledger_head"])
    chain = chain_id(workspace)
    ours: list[LedgerEntry] = []
    digest = hashlib.sha256()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as pack:
        with pack.open("ledger.jsonl", "w") as ledger:
            last = 0
            while last < workspace.ledger_length:
                chunk = list(
                    LedgerEntry.objects.for_actor(actor)
                    .filter(seq__gt=last, seq__lte=workspace.ledger_length)
                    .order_by("seq")[:CHUNK]
                )
                if not chunk:
                    break
                for entry in chunk:
                    here = (
                        entry.subject_id
                        if entry.local_subject_id is None
                        else entry.local_subject_id
                    )
                    full = (entry.subject_type, here) in subjects
                    if full and len(ours) < SUMMARY_LIMIT:
                        ours.append(entry)
                    data = _line(entry, full, chain).encode("utf-8")
                    digest.update(data)
                    ledger.write(data)
                last = chunk[-1].seq
        manifest = {
            "format": 1,
            "pacte_version": __version__,
            "made_at": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
            "workspace": workspace.name,
            "client": client.name,
            "ledger_length": workspace.ledger_length,
            "ledger_head": workspace.ledger_head,
            "client_entries": len(ours),
            "ledger_sha256": digest.hexdigest(),
        }

        pack.writestr("verify.py", VERIFY_SCRIPT.read_text(encoding="utf-8"))
        summary = render_to_string(
            "evidence/summary.html",
            {"client": client, "manifest": manifest, "lines": journal(ours)},
        )
        pack.writestr("summary.html", summary)
        manifest["summary_pdf"] = pdf_available()
        if manifest["summary_pdf"]:
            pack.writestr("summary.pdf", _pdf(summary))
        pack.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        pack.writestr("README.txt", render_to_string("evidence/readme.txt", {"manifest": manifest}))
    return manifest


def _pdf(html: str) -> bytes:
    """The summary as PDF, with WeasyPrint (the optional `pdf` extra), the same stylesheet as
    the status reports', read from the installed files."""
    # Optional (the `pdf` extra): imported only when it is installed.
    import weasyprint

    stylesheet = weasyprint.CSS(filename=finders.find("reports/report-pdf.css"))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])
