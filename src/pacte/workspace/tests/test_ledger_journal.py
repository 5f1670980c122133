"""The proof ledger reads as a journal: a sentence per entry in the reader's language, the
sealed record one click away, and never a failure on an entry it cannot read."""

import pytest
from django.test import Client as HttpClient
from django.utils import translation

from pacte.demo.loader import load_demo
from pacte.kernel.journal import actor_display, describe
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_every_entry_of_the_demo_has_its_sentence_in_both_languages():
    workspace = load_demo()
    entries = list(LedgerEntry.objects.in_workspace(workspace).order_by("seq"))
    assert len(entries) > 100
    for language in ("en", "fr"):
        with translation.override(language):
            plain = [e.action for e in entries if e.action in describe(e).sentence]
        assert not plain, f"entries said plainly in {language}: {sorted(set(plain))}"


def test_a_refusal_in_the_portal_reads_as_the_clients_own_words():
    entry = LedgerEntry(
        actor="helene@boulangerie-martin.example (portal)",
        action="decision.recorded",
        payload={
            "recommendation": "Passer en HTTPS",
            "decision": "refused",
            "decided_by": "Hélène Martin",
            "via_portal": True,
            "words": "Pas cette année.",
        },
    )
    with translation.override("en"):
        assert describe(entry).sentence == (
            "Hélène Martin refused “Passer en HTTPS” in the portal: “Pas cette année.”"
        )
    with translation.override("fr"):
        assert "Hélène Martin a refusé « Passer en HTTPS » dans le portail" in (
            describe(entry).sentence
        )


def test_roles_are_said_in_the_readers_language():
    with translation.override("fr"):
        assert actor_display("camille@atelier.example (owner)") == (
            "camille@atelier.example (propriétaire)"
        )
    with translation.override("en"):
        assert actor_display("system") == "The system"


@pytest.mark.parametrize(
    ("action", "payload"),
    [("something.new", {"x": 1}), ("invoice.created", {"unexpected": True}), ("risk.closed", None)],
)
def test_an_entry_it_cannot_read_is_said_plainly(action, payload):
    entry = LedgerEntry(actor="a@b.example (owner)", action=action, payload=payload)
    with translation.override("en"):
        assert describe(entry).sentence == f"a@b.example (owner): {action}."


def test_the_ledger_page_shows_sentences_and_the_sealed_record(world):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users["owner"])
    html = http.get("/ledger/").content.decode()
    assert 'class="journal-sentence"' in html
    assert "created the workspace" in html
    assert "The record as sealed" in html and "workspace.created" in html
