"""The proof ledger read as a journal: one sentence per entry, in the reader's language.

Entries keep their raw action and payload for good (they are hashed); this module only says
them in words. Each app registers the sentences of its own actions from its `journal.py`,
called in `AppConfig.ready()`:

    register_sentences({"invoice.created": lambda p, who: _("%(who)s recorded invoice …") …})

An action nobody describes, or a payload a sentence cannot read (an entry from an older
release), falls back to a plain sentence naming the action: the journal never fails.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .permissions import PORTAL, SYSTEM, Role

# (payload, who) -> the sentence; `who` is the actor as the reader should see them.
Sentence = Callable[[dict, str], str]

_sentences: dict[str, Sentence] = {}

_ACTOR = re.compile(r"^(?P<email>.+) \((?P<role>[a-z_]+)\)$")


def register_sentences(sentences: dict[str, Sentence]) -> None:
    """Sentences for actions; a key may end with `*` to cover a family (`takeover.*`)."""
    for action, sentence in sentences.items():
        if action in _sentences and _sentences[action] is not sentence:
            raise ValueError(f"the ledger action {action!r} is described twice")
        _sentences[action] = sentence


def actor_display(label: str) -> str:
    """`camille@… (owner)` as stored, shown with the role in the reader's language."""
    if label == SYSTEM:
        return _("The system")
    found = _ACTOR.match(label or "")
    if not found:
        return label
    role = found["role"]
    if role == PORTAL:
        role_label = _("client portal")
    elif role in Role.values:
        role_label = str(Role(role).label).lower()
    else:
        role_label = role
    return f"{found['email']} ({role_label})"


def _sentence_for(action: str) -> Sentence | None:
    if action in _sentences:
        return _sentences[action]
    for pattern, sentence in _sentences.items():
        if pattern.endswith("*") and fnmatch.fnmatchcase(action, pattern):
            return sentence
    return None


@dataclass(frozen=True)
class JournalLine:
    entry: object
    who: str
    sentence: str


def describe(entry) -> JournalLine:
    who = actor_display(entry.actor)
    sentence_for = _sentence_for(entry.action)
    text = None
    if sentence_for is not None:
        try:
            text = sentence_for(entry.payload or {}, who)
        except (KeyError, TypeError, ValueError, AttributeError):
            text = None  # an older payload: say it plainly rather than fail
    if not text:
        text = _("%(who)s: %(action)s.") % {"who": who, "action": entry.action}
    return JournalLine(entry=entry, who=who, sentence=text)


def journal(entries) -> list[JournalLine]:
    return [describe(entry) for entry in entries]


def choice_label(choices, value) -> str:
    """The label of a stored choice value, in the reader's language (the value if unknown)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)
