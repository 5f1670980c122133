"""The one way Pacte fingerprints a secret it hands out (API tokens, calendar addresses):
only this SHA-256 is stored, never the secret."""

import hashlib


def secret_fingerprint(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
