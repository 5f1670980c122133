"""Pacte never stores secrets. Values that look like one are refused, with where they belong.

The checks are deliberately conservative: they look for the unmistakable shapes (private
keys, provider key prefixes, `password=…` pairs, long random strings), not for every word."""

from __future__ import annotations

import math
import re
from collections import Counter

_PATTERNS = [
    ("private_key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    (
        "api_key",
        re.compile(
            r"\b(?:AKIA[0-9A-Z]{16}|sk_(?:live|test)_[0-9A-Za-z]{10,}|ghp_[0-9A-Za-z]{20,}"
            r"|github_pat_[0-9A-Za-z_]{20,}|xox[abpr]-[0-9A-Za-z-]{10,}|AIza[0-9A-Za-z_-]{30,}"
            r"|glpat-[0-9A-Za-z_-]{20,}|SG\.[0-9A-Za-z_-]{16,}\.[0-9A-Za-z_-]{16,})"
        ),
    ),
    (
        "password",
        re.compile(
            r"(?i)\b(?:password|passwd|pwd|mot de passe|mdp|pass|secret|token|api[ _-]?key)"
            # A value with a digit or a symbol: "mot de passe : voir Bitwarden" is a reference.
            r"\s*[:=]\s*(?=\S*[0-9!@#$%^&*_+=?])\S{6,}"
        ),
    ),
]


def _entropy(word: str) -> float:
    counts = Counter(word)
    return -sum(n / len(word) * math.log2(n / len(word)) for n in counts.values())


def _looks_random(text: str) -> bool:
    """A long unbroken string of mixed characters: a token or a generated password."""
    # Addresses carry long ids (a shared document's link): they are references, not secrets.
    text = re.sub(r"https?://\S+", " ", text)
    for word in re.findall(r"[A-Za-z0-9+/=_\-!@#$%^&*]{24,}", text):
        classes = sum(bool(re.search(p, word)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]"))
        if classes >= 3 and _entropy(word) > 4.0 and not re.fullmatch(r"[a-z0-9-]+", word):
            return True
    return False


def secret_kind(text: str) -> str | None:
    """What kind of secret `text` seems to hold, or None."""
    if not text:
        return None
    for kind, pattern in _PATTERNS:
        if pattern.search(text):
            return kind
    return "token" if _looks_random(text) else None
