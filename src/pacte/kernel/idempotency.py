"""`Idempotency-Key` on the API's writes (issue 10, item 11): a client that sends a write,
loses the answer (a timeout, a restart) and sends it again with the same key gets the first
answer back instead of a second row.

The semantics are Stripe's and those of the IETF draft "The Idempotency-Key HTTP Header
Field":

- A POST, PUT, PATCH or DELETE under /api/ with a valid bearer token and the header claims
  the key for that token (an `IdempotencyRecord` in progress), then runs. Its answer, 2xx or
  4xx, is stored with the key, in the SAME transaction as the request's writes: either both
  are saved or neither, so a crash never leaves "written but not answered".
- The same key, method, path and body again: the stored answer (status and body), with
  `Idempotent-Replayed: true`, and nothing runs.
- The same key with another body, method or path: 422 `idempotency_key_reused`.
- The same key while the first request still runs: 409 `idempotency_key_in_progress`.
- Answers a retry should get past are not stored and free the key: 5xx (a failure, rolled
  back whole), 401 and 429, and 409 `busy`.
- Keys are per token (two tokens never see each other's answers) and kept for KEEP, then
  pruned by a periodic job (`kernel.tasks`). An expired key is a new key.

Why a middleware rather than a hook in ninja: the answer must be stored in the transaction
that holds the request's writes, around everything ninja does. The middleware names the
token from the Authorization header itself (one indexed query); a request whose token is not
valid passes through untouched and ninja answers it 401 as usual.

The whole request runs in one transaction, so a service's own `retry_on_conflict` runs once
(it retries only an outermost transaction): a deadlock answers 503 `busy`, nothing is saved,
the key is freed, and the client retries with the same key, which is what keys are for.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from datetime import timedelta

import orjson
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext as _

from .hashing import secret_fingerprint
from .models import ApiToken, IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_LENGTH = 255
# Printable ASCII, without leading or trailing spaces (servers strip them): 1 to 255 chars.
KEY_PATTERN = r"^[\x21-\x7E]([\x20-\x7E]{0,253}[\x21-\x7E])?$"
_KEY = re.compile(KEY_PATTERN)

# How long an answer is replayed (Stripe keeps keys 24 hours).
KEEP = timedelta(hours=24)
# A claim still in progress after this belongs to a request that died: `pacte serve` cuts a
# request at 60 s, and the transaction holding its writes and its answer was rolled back
# with it, so running it again cannot write twice.
LEASE = timedelta(minutes=2)

# Answers that say nothing final about the request: not stored, the key is freed.
TRANSIENT_STATUSES = frozenset({401, 408, 425, 429})
TRANSIENT_CODES = frozenset({"busy"})


class _ClaimLost(Exception):
    """The claim was taken over while the request ran (it outlived LEASE): roll it back."""


def _error(status: int, code: str, detail: str, **extra) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail, **extra}, status=status)


def key_is_valid(key: str) -> bool:
    return len(key) <= MAX_LENGTH and _KEY.fullmatch(key) is not None


def body_fingerprint(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _token_of(request: HttpRequest) -> tuple[int, int] | None:
    """(token id, workspace id) of the request's bearer token, if it is a valid one."""
    header = request.headers.get("Authorization", "")
    scheme, _space, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw:
        return None
    return (
        ApiToken.objects.across_workspaces()
        .filter(key_hash=secret_fingerprint(raw), revoked_at__isnull=True)
        .filter(user__is_active=True)  # a deactivated person's token gets no replay either
        .values_list("pk", "workspace_id")
        .first()
    )


def _busy() -> JsonResponse:
    """The database could not take the claim or the request (locked, deadlocked, full):
    nothing was saved and the key is free, so the client may retry with the same key."""
    response = _error(
        503, "busy", _("The server is busy: nothing was saved. Try again in a moment.")
    )
    response["Retry-After"] = "1"
    return response


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.response_body),
        status=record.response_status,
        content_type=record.response_content_type or None,
    )
    response[REPLAYED_HEADER] = "true"
    return response


def _in_progress() -> JsonResponse:
    return _error(
        409,
        "idempotency_key_in_progress",
        _(
            "A request with this Idempotency-Key is still running: wait for its answer, "
            "then retry with the same key."
        ),
    )


def _expired(record: IdempotencyRecord, now) -> bool:
    """An answer older than KEEP, or a claim older than LEASE that its request never
    answered: either way the key is free again."""
    return record.created_at <= now - KEEP or (
        record.state == record.State.IN_PROGRESS and record.created_at <= now - LEASE
    )


def _answer(record: IdempotencyRecord, *, method: str, path: str, fingerprint: str):
    """What a request with an already claimed key gets instead of running."""
    if (record.method, record.path, record.fingerprint) != (method, path, fingerprint):
        return _error(
            422,
            "idempotency_key_reused",
            _(
                "This Idempotency-Key was already used for another request (another body, "
                "method or path): use a new key for a new request."
            ),
        )
    if record.state == record.State.IN_PROGRESS:
        return _in_progress()
    return _replay(record)


def _claim(
    *, token_id: int, workspace_id: int, key: str, method: str, path: str, fingerprint: str
) -> IdempotencyRecord | HttpResponse:
    """The record this request now holds, or the answer to give instead of running it."""
    now = timezone.now()
    records = IdempotencyRecord.objects.filter(workspace_id=workspace_id, token_id=token_id)
    request = {"method": method, "path": path, "fingerprint": fingerprint}
    # A read first: a replay or a refusal takes no write lock (on SQLite, a duplicate of a
    # request that is running answers at once instead of waiting for its transaction).
    record = records.filter(key=key).first()
    if record is not None and not _expired(record, now):
        return _answer(record, **request)
    try:
        with transaction.atomic():
            # On PostgreSQL a claim whose request is running is locked (see `_run`): skipped
            # here, the insert below then meets it and answers "in progress".
            record = records.select_for_update(skip_locked=True).filter(key=key).first()
            if record is not None and _expired(record, now):
                record.delete()
                record = None
            if record is None:
                return IdempotencyRecord.objects.create(
                    workspace_id=workspace_id,
                    token_id=token_id,
                    key=key,
                    created_at=now,
                    **request,
                )
    except IntegrityError:
        return _in_progress()
    return _answer(record, **request)


def _storable(response: HttpResponse) -> bool:
    status = response.status_code
    if status >= 500 or status in TRANSIENT_STATUSES:
        return False
    if status == 409 and not response.streaming:
        try:
            code = orjson.loads(response.content).get("code")
        except (orjson.JSONDecodeError, AttributeError):
            code = None
        return code not in TRANSIENT_CODES
    return True


def _release(record: IdempotencyRecord) -> None:
    """Free the key for a retry. If even this fails (the database is down), the claim frees
    itself after LEASE."""
    with contextlib.suppress(DatabaseError):
        IdempotencyRecord.objects.filter(
            workspace_id=record.workspace_id, pk=record.pk, state=record.State.IN_PROGRESS
        ).delete()


def prune_expired(now=None) -> int:
    """Forget keys older than KEEP (the periodic job `idempotency.prune`)."""
    before = (now or timezone.now()) - KEEP
    deleted, _by_model = (
        IdempotencyRecord.objects.across_workspaces().filter(created_at__lt=before).delete()
    )
    return deleted


class IdempotencyMiddleware:
    """Idempotency-Key for the API's writes; every other request passes straight through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if (
            request.method not in WRITE_METHODS
            or HEADER not in request.headers
            or not request.path_info.startswith("/api/")
        ):
            return self.get_response(request)
        try:
            token = _token_of(request)
        except DatabaseError:
            return _busy()
        if token is None:
            return self.get_response(request)  # ninja answers 401
        key = request.headers[HEADER]
        if not key_is_valid(key):
            message = _("An Idempotency-Key is 1 to 255 printable ASCII characters.")
            return _error(400, "invalid", message, fields={HEADER: [message]})
        try:
            body = request.body
        except (RequestDataTooBig, RawPostDataException):
            return self.get_response(request)  # refused further in, as without a key
        try:
            outcome = _claim(
                token_id=token[0],
                workspace_id=token[1],
                key=key,
                method=request.method,
                path=request.get_full_path(),
                fingerprint=body_fingerprint(body),
            )
        except DatabaseError:
            return _busy()
        if isinstance(outcome, HttpResponse):
            return outcome
        return self._run(request, outcome)

    def _run(self, request: HttpRequest, record: IdempotencyRecord):
        held = IdempotencyRecord.objects.filter(
            workspace_id=record.workspace_id, pk=record.pk, state=record.State.IN_PROGRESS
        )
        stored = False
        try:
            with transaction.atomic():
                # Hold the claim while the request runs (PostgreSQL; SQLite's IMMEDIATE
                # transaction holds the whole database already), so that a duplicate neither
                # takes it over nor waits for it.
                if not list(held.select_for_update().values_list("pk")):
                    raise _ClaimLost
                response = self.get_response(request)
                if _storable(response):
                    if not held.update(
                        state=record.State.DONE,
                        response_status=response.status_code,
                        response_body=b"" if response.streaming else response.content,
                        response_content_type=response.get("Content-Type", "")[:100],
                    ):
                        raise _ClaimLost
                    stored = True
                elif response.status_code >= 500:
                    # A failure saves nothing, so that the retry it invites is safe.
                    transaction.set_rollback(True)
        except _ClaimLost:
            return _in_progress()
        except DatabaseError:
            _release(record)
            return _busy()
        if not stored:
            _release(record)
        return response


# --- OpenAPI -------------------------------------------------------------------------------


def document(schema: dict) -> dict:
    """Add the optional header, and the answers it brings, to every authenticated write of
    an OpenAPI description (ninja's, in pacte/api.py)."""
    parameter = {
        "in": "header",
        "name": HEADER,
        "required": False,
        "description": (
            "Optional. A unique key (e.g. a UUID) that makes a retry of this write safe: the "
            "same key with the same body within 24 hours answers the first answer again, "
            f"with `{REPLAYED_HEADER}: true`, and writes nothing."
        ),
        "schema": {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_LENGTH,
            "pattern": KEY_PATTERN,
        },
    }
    answers = {
        400: "Invalid input (an Idempotency-Key that is not 1 to 255 printable ASCII "
        "characters among others).",
        409: "Conflict (`idempotency_key_in_progress`: the first request with this key is "
        "still running, among others).",
        422: "`idempotency_key_reused`: this Idempotency-Key was used for another request.",
    }
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if method.upper() not in WRITE_METHODS or not operation.get("security"):
                continue
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("in") == "header" and p.get("name") == HEADER for p in parameters):
                parameters.append(parameter)
            responses = operation.setdefault("responses", {})
            for status, description in answers.items():
                if status not in responses and str(status) not in responses:
                    responses[status] = {"description": description}
    return schema
