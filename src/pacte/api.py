"""The one REST API of Pacte (/api/v1/). Each domain app contributes a Router."""

import logging

import orjson
from django.db import DatabaseError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from pacte.assets.api import router as assets_router
from pacte.attachments.api import router as attachments_router
from pacte.billing.api import router as billing_router
from pacte.casestudies.api import router as casestudies_router
from pacte.clients.api import router as clients_router
from pacte.conflicts.api import router as conflicts_router
from pacte.consents.api import router as consents_router
from pacte.csvimport.api import router as csvimport_router
from pacte.deadlines.api import router as deadlines_router
from pacte.decisions.api import router as decisions_router
from pacte.engagements.api import router as engagements_router
from pacte.exchanges.api import router as exchanges_router
from pacte.governance.api import router as governance_router
from pacte.handoff.api import router as handoff_router
from pacte.health.api import router as health_router
from pacte.kernel import api_schema, idempotency, throttle
from pacte.kernel.errors import DomainError, InvalidInput, NotAuthenticated, Throttled
from pacte.kernel.retry import is_conflict
from pacte.kernel.selectors import actor_for_token
from pacte.portability.api import router as portability_router
from pacte.reminders.api import router as reminders_router
from pacte.reports.api import router as reports_router
from pacte.risks.api import router as risks_router
from pacte.search.api import router as search_router
from pacte.support.api import router as support_router
from pacte.workspace.api import router as core_router
from pacte.workspace.services import token_touch


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        # A network that sent too many bad tokens is refused before any look-up (429).
        throttle.api_token_check(request)
        found = actor_for_token(token)
        if found is None:
            throttle.api_token_failed(request)
            return None
        actor, api_token = found
        token_touch(api_token)
        request.actor = actor
        request.api_token = api_token
        if (
            request.method in ("POST", "PUT", "PATCH")
            and not request.content_type.startswith(("multipart/", "application/x-www-form"))
            and request.body
        ):
            # Actions that read no body (activate, resume…) must refuse a body that is not
            # a JSON object too: parse it here, for every operation; the parser keeps the
            # result, so an operation that reads a body does not parse it twice.
            api.parser.parse_body(request)
        return actor


logger = logging.getLogger("pacte.api")


class ObjectBodyParser(Parser):
    """Every body of the API is one JSON object: a list, a bare number or string, `NaN`, a
    lone surrogate (which cannot be stored nor encoded back) or malformed JSON is refused
    here, once for every endpoint, before any schema or query sees it. orjson refuses lone
    surrogates and NaN, which the standard `json` module lets through. (A NUL character in
    a field is refused by the field's own type, `kernel.api_schema`; in a property the schema
    does not know, it is ignored with the property.)"""

    def parse_body(self, request):
        if hasattr(request, "_pacte_body"):
            return request._pacte_body
        try:
            data = orjson.loads(request.body)
        except orjson.JSONDecodeError:
            raise InvalidInput(_("The body is not valid JSON (UTF-8).")) from None
        if not isinstance(data, dict):
            raise InvalidInput(_("The body must be a JSON object."))
        request._pacte_body = data
        return data


def _database_trouble(exc: DatabaseError) -> tuple[str, str] | None:
    """(code, detail) of a database failure that says nothing about the request: a lock or a
    deadlock that a retry will get past, a full disk or a read-only database that the
    operator must fix. None for any other failure (a bug: answered 500)."""
    sqlstate = getattr(exc.__cause__, "sqlstate", None) or getattr(exc.__cause__, "pgcode", None)
    text = str(exc).lower()
    if (
        # A deadlock or serialization failure that the services' own retry
        # (kernel.retry.retry_on_conflict) could not get past, or a lock timeout.
        is_conflict(exc)
        or sqlstate == "55P03"
        or "database is locked" in text
        or "database table is locked" in text
        or "deadlock" in text
        or "could not serialize" in text
    ):
        return "busy", _("The server is busy: nothing was saved. Try again in a moment.")
    if (
        sqlstate in ("53100", "25006")
        or "disk is full" in text
        or "readonly database" in text
        or "read-only" in text
    ):
        return "unavailable", _(
            "The server cannot save right now: nothing was saved. Tell whoever runs Pacte."
        )
    return None


class PacteAPI(NinjaAPI):
    """The API whose OpenAPI description also documents each operation's errors (400, 401,
    403, 404, 409, 429, 503 as `Error`): see `kernel.api_schema.document_errors`; and the
    optional `Idempotency-Key` header on every write (`kernel.idempotency`)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return idempotency.document(api_schema.document_errors(schema))


api = PacteAPI(
    title="Pacte API",
    version="1",
    description="Clients, engagements, decisions and handoffs of one Pacte workspace. "
    "Authenticate with `Authorization: Bearer <token>` (create one with "
    "`pacte token create EMAIL` or on the Tokens page).",
    auth=BearerToken(),
    urls_namespace="api",
    parser=ObjectBodyParser(),
    # The docs page (/api/v1/docs) is django-ninja's Swagger UI from its own static files, with
    # no inline script: it runs under the Content-Security-Policy. No online validator: its
    # badge would be an image from another site, refused by the policy (and would tell that
    # site where the API lives).
    docs=Swagger(settings={"validatorUrl": None}),
)


def _error(request, status: int, code: str, detail: str, **extra):
    return api.create_response(request, {"code": code, "detail": detail, **extra}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    extra = {"fields": exc.fields} if exc.fields else {}
    response = _error(request, exc.status, exc.code, exc.detail, **extra)
    if isinstance(exc, Throttled):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return _error(request, 401, NotAuthenticated.code, str(NotAuthenticated.default_message))


def _pattern_messages() -> dict[str, str]:
    """What a person reads when a text breaks the pattern the description gives it."""
    return {
        api_schema.ONE_LINE_PATTERN: _("One line, without control characters."),
        api_schema.ONE_LINE_FILLED_PATTERN: _(
            "Required: one line, not blank, without control characters."
        ),
        api_schema.TEXT_PATTERN: _("Control characters are not allowed (line breaks are)."),
        api_schema.TEXT_FILLED_PATTERN: _(
            "Required: not blank; control characters are not allowed (line breaks are)."
        ),
        api_schema.EMAIL_PATTERN: _("Enter a valid email address."),
    }


def _message(error: dict) -> str:
    if error.get("type") == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern")
        return _pattern_messages().get(pattern, _("This value is not written as expected."))
    return error.get("msg", "")


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        fields.setdefault(".".join(location) or "body", []).append(_message(error))
    first_field, first_messages = next(iter(fields.items()), ("body", [""]))
    return _error(
        request,
        400,
        "invalid",
        _("%(field)s: %(message)s") % {"field": first_field, "message": first_messages[0]},
        fields=fields,
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, DomainError):
        # ninja wraps what the body parser raises: answer the parser's own code and detail.
        return on_domain_error(request, exc.__cause__)
    return _error(request, exc.status_code, "error", str(exc))


@api.exception_handler(Exception)
def on_unexpected_error(request, exc: Exception):
    """Under /api/ even a bug answers JSON: the traceback goes to the log, the client gets
    a code it can match on and a sentence without internals."""
    if isinstance(exc, DatabaseError):
        trouble = _database_trouble(exc)
        if trouble is not None:
            logger.warning("API %s %s: %s", request.method, request.path, exc)
            response = _error(request, 503, *trouble)
            response["Retry-After"] = "1" if trouble[0] == "busy" else "60"
            return response
    logger.exception("API %s %s failed", request.method, request.path)
    return _error(
        request,
        500,
        "server_error",
        _(
            "Something went wrong on the server. Try again; if it happens again, tell whoever "
            "runs Pacte."
        ),
    )


api.add_router("/", core_router)
api.add_router("/", clients_router)
api.add_router("/", engagements_router)
api.add_router("/", billing_router)
api.add_router("/", decisions_router)
api.add_router("/", exchanges_router)
api.add_router("/", risks_router)
api.add_router("/", assets_router)
api.add_router("/", handoff_router)
api.add_router("/", deadlines_router)
api.add_router("/", search_router)
api.add_router("/", governance_router)
api.add_router("/", health_router)
api.add_router("/", support_router)
api.add_router("/", consents_router)
api.add_router("/", conflicts_router)
api.add_router("/", reminders_router)
api.add_router("/", casestudies_router)
api.add_router("/", attachments_router)
api.add_router("/", reports_router)
api.add_router("/", portability_router)
api.add_router("/", csvimport_router)
