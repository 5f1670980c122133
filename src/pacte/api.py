"""The one REST API of Pacte (/api/v1/). Each domain app contributes a Router."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from pacte.assets.api import router as assets_router
from pacte.billing.api import router as billing_router
from pacte.clients.api import router as clients_router
from pacte.deadlines.api import router as deadlines_router
from pacte.decisions.api import router as decisions_router
from pacte.engagements.api import router as engagements_router
from pacte.exchanges.api import router as exchanges_router
from pacte.handoff.api import router as handoff_router
from pacte.kernel.errors import DomainError, NotAuthenticated
from pacte.kernel.selectors import actor_for_token
from pacte.risks.api import router as risks_router
from pacte.search.api import router as search_router
from pacte.workspace.api import router as core_router
from pacte.workspace.services import token_touch


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = actor_for_token(token)
        if found is None:
            return None
        actor, api_token = found
        token_touch(api_token)
        request.actor = actor
        return actor


api = NinjaAPI(
    title="Pacte API",
    version="1",
    description="Clients, engagements, decisions and handoffs of one Pacte workspace. "
    "Authenticate with `Authorization: Bearer <token>` (create one with "
    "`pacte token create EMAIL` or on the Tokens page).",
    auth=BearerToken(),
    urls_namespace="api",
)


def _error(request, status: int, code: str, detail: str, **extra):
    return api.create_response(request, {"code": code, "detail": detail, **extra}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    extra = {"fields": exc.fields} if exc.fields else {}
    return _error(request, exc.status, exc.code, exc.detail, **extra)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return _error(request, 401, NotAuthenticated.code, str(NotAuthenticated.default_message))


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        fields.setdefault(".".join(location) or "body", []).append(error.get("msg", ""))
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
    return _error(request, exc.status_code, "error", str(exc))


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
