"""Issue 10, item 5: every text field has a maximum length, single-line text refuses control
characters, and what a `pacte` command prints never carries a raw one."""

import io
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from pacte.kernel.management.base import PacteCommand
from pacte.kernel.management.output import printable, write_rows
from pacte.kernel.validation import (
    TEXT_MAX_LENGTH,
    refuse_control_characters,
    refuse_nul_and_escapes,
)

# CharFields that hold no text a person writes: hashes, prefixes, the ledger's own columns
# (written by `ledger.append` from the code's names) and the task scheduler's.
NOT_USER_TEXT = {
    "core.User.password",
    "core.Workspace.ledger_head",
    "core.ApiToken.prefix",
    "core.ApiToken.key_hash",
    "core.Invitation.key_hash",
    "health.HealthSnapshot.rules_version",
    "core.LedgerEntry.actor",
    "core.LedgerEntry.action",
    "core.LedgerEntry.subject_type",
    "core.LedgerEntry.subject_id",
    "core.LedgerEntry.prev_hash",
    "core.LedgerEntry.entry_hash",
    "core.LedgerEntry.local_subject_id",
    # Where an imported workspace came from, and the files of exports: machine values.
    "portability.WorkspaceImport.source_version",
    "portability.WorkspaceImport.source_made_at",
    "portability.WorkspaceImport.source_sha256",
    "portability.WorkspaceImport.ledger_head",
    "portability.ExportJob.status",
    "portability.ExportJob.file_name",
    "portability.ExportJob.sha256",
    "portability.ExportJob.error",
    "portability.ExportJob.task_id",
    "core.LedgerCheckpoint.entry_hash",
    "core.PeriodicRun.job",
    "core.PeriodicRun.task_id",
    "assets.CalendarFeed.key_hash",
    # The outbox keeps messages as Pacte composed them from values already checked, and
    # what the relay answered: nobody types into these columns.
    "core.OutboundEmail.to",
    "core.OutboundEmail.from_email",
    "core.OutboundEmail.subject",
    "core.OutboundEmail.text",
    "core.OutboundEmail.html",
    "core.OutboundEmail.last_error",
    "core.OutboundEmail.task_id",
    "core.OutboundEmail.dedupe_key",
    # An API client's retry key (printable ASCII, checked by kernel.idempotency) and the
    # request it answered: machine values, never shown as text.
    # A throttle's rule name and the HMAC of the address or network it counts.
    "core.ThrottleCounter.scope",
    "core.ThrottleCounter.key",
    "core.IdempotencyRecord.key",
    "core.IdempotencyRecord.method",
    "core.IdempotencyRecord.path",
    "core.IdempotencyRecord.fingerprint",
    "core.IdempotencyRecord.response_content_type",
    # A reminder as the scan composed it (kind keys, object types, stages) and rendered it
    # from values already checked: nobody types into these columns.
    "reminders.Reminder.kind",
    "reminders.Reminder.object_type",
    "reminders.Reminder.stage",
    "reminders.Reminder.recipient_email",
    "reminders.Reminder.subject",
    "reminders.Reminder.body",
    "reminders.Reminder.url",
    "reminders.Reminder.language",
    "reminders.ReminderPreference.kind",
}


def pacte_fields(kind):
    for model in apps.get_models():
        if not model.__module__.startswith("pacte."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, kind):
                yield f"{model._meta.app_label}.{model.__name__}.{field.name}", field


def test_every_text_field_is_bounded_and_clean():
    """Issue 10, item 5: a TextField without a limit, or without the rule against NUL and
    escape codes, fails here (Django enforces a TextField's max_length only by a validator)."""
    fields = dict(pacte_fields(models.TextField))
    assert fields, "no TextField found: is the walk broken?"
    for name, field in fields.items():
        if name in NOT_USER_TEXT:
            continue
        assert field.max_length == TEXT_MAX_LENGTH, name
        assert refuse_nul_and_escapes in field.validators, name
        limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
        assert limits == [TEXT_MAX_LENGTH], name


def test_every_single_line_field_refuses_control_characters():
    """Issue 10, item 5: a CharField a person types into (names, titles, references, email
    addresses) refuses control characters; fields with choices are held to their choices."""
    fields = dict(pacte_fields(models.CharField))
    assert "clients.Client.name" in fields
    unknown = NOT_USER_TEXT - set(fields) - set(dict(pacte_fields(models.TextField)))
    assert not unknown, f"the allow-list names fields that do not exist: {unknown}"
    for name, field in fields.items():
        if name in NOT_USER_TEXT or field.choices:
            continue
        assert field.max_length, name
        assert refuse_control_characters in field.validators, name


@pytest.mark.parametrize(
    "text",
    ["\x00", "\x1b[31m", "\x07", "\x7f", "\x9b", "\ud800", "\u202e", "\u2066", "\n", "\r", "\t"],
    ids=repr,
)
def test_single_line_refusals(text):
    """Issue 10, item 5: NUL, C0, DEL, C1, lone surrogates, bidi overrides and line breaks."""
    with pytest.raises(ValidationError):
        refuse_control_characters(f"Nord{text}Sud")


@pytest.mark.parametrize(
    "text", ["\x00", "\x1b[31m", "\x08", "\x7f", "\x85", "\udfff", "\u202d"], ids=repr
)
def test_multi_line_refusals(text):
    """Issue 10, item 5: a note refuses NUL and escape codes too."""
    with pytest.raises(ValidationError):
        refuse_nul_and_escapes(f"Avant{text}après")


@pytest.mark.parametrize(
    "text",
    ["Société Générale – Lyon", "مرحبا\u200fNord", "👩\u200d💻 équipe", "co\u00adopération"],
)
def test_real_text_is_accepted(text):
    """Issue 10, item 5: accents, right-to-left marks, emoji joiners and soft hyphens pass."""
    refuse_control_characters(text)
    refuse_nul_and_escapes(f"{text}\nLigne 2\r\n\tLigne 3")


def test_printable_shows_control_characters_as_escapes():
    """Issue 10, item 5: the CLI shows ESC as `\\x1b` and a bidi override as `\\u202e`."""
    assert printable("A\x1b[31mB\u202eC\x00\ud800") == "A\\x1b[31mB\\u202eC\\x00\\ud800"
    assert printable("A\nB", keep="\n") == "A\nB"
    assert printable("A\nB") == "A\\x0aB"


def _rows(format):
    out = io.StringIO()
    command = PacteCommand(stdout=out)
    rows = [{"name": "Nord\x1b[31m\x9b\u202e\nSud"}]
    write_rows(
        command.stdout,
        rows,
        format=format,
        columns=["name"],
        headers=["Name"],
        cells=lambda r: [r["name"]],
        empty="",
        summary="1 row.",
    )
    return out.getvalue()


@pytest.mark.parametrize("format", ["table", "csv", "json"])
def test_no_format_prints_a_raw_control_character(format):
    """Issue 10, item 5: table, CSV and JSON alike; JSON stays exact."""
    printed = _rows(format)
    assert not any(c in printed for c in "\x1b\x9b\u202e")
    if format == "json":
        assert json.loads(printed) == [{"name": "Nord\x1b[31m\x9b\u202e\nSud"}]
    else:
        assert "Nord\\x1b[31m\\x9b\\u202e\\x0aSud" in printed


def test_every_message_of_a_command_is_escaped():
    """Issue 10, item 5: a summary quoting a workspace's name, or a refusal on stderr."""
    out, err = io.StringIO(), io.StringIO()
    command = PacteCommand(stdout=out, stderr=err)
    command.stdout.write("Workspace \x1b]0;pwned\x07 ready.\nNext line")
    command.stderr.write("pacte: no workspace “\x1b[2J”.")
    assert out.getvalue() == "Workspace \\x1b]0;pwned\\x07 ready.\nNext line\n"
    assert err.getvalue() == "pacte: no workspace “\\x1b[2J”.\n"
