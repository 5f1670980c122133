"""A database failure in one sentence that says what to do. Imports nothing of Django, so the
`pacte` command can use it before Django is set up."""

from __future__ import annotations


def describe_database_error(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    lowered = text.lower()
    if (
        "password authentication failed" in lowered
        or "authentication failed" in lowered
        or "no password supplied" in lowered
    ):
        return "the database refused the password in DATABASE_URL: correct the user or password."
    if "role" in lowered and "does not exist" in lowered:
        return f"the database does not know the user in DATABASE_URL ({text}): correct it."
    if (
        "connection refused" in lowered
        or "could not connect" in lowered
        or "timeout" in lowered
        or "failed to resolve host" in lowered
        or "could not translate host name" in lowered
        or "name or service not known" in lowered
    ):
        return (
            f"cannot reach the database ({text}): check that PostgreSQL is running and that "
            "DATABASE_URL names the right host and port."
        )
    if "does not exist" in lowered and "database" in lowered:
        return f"{text}: create the database first, or correct DATABASE_URL."
    if "no such table" in lowered or ("relation" in lowered and "does not exist" in lowered):
        return f"the database is not set up ({text}): run `pacte migrate`."
    if "no such column" in lowered or ("column" in lowered and "does not exist" in lowered):
        return f"the database does not match this version of Pacte ({text}): run `pacte migrate`."
    if "unable to open database" in lowered or "readonly" in lowered:
        return f"cannot open the database ({text}): check PACTE_DATA_DIR and its permissions."
    return f"database error: {text}"
