from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from .selectors import actor_for_user

SESSION_WORKSPACE_KEY = "pacte_workspace_id"


NUL_REFUSED = _("Text may not contain the NUL character (U+0000).")


class NulRefusalMiddleware:
    """A NUL character in the path or the query string is refused with 400 before any view
    or query sees it (issue 10, item 5): PostgreSQL cannot store or compare one and would
    answer a search such as `?q=%00` with an error. Forms refuse it already (Django's
    CharField), and the API's input types (`kernel.api_schema`) in JSON bodies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A cookie holding one (a forged session id) is dropped, as if it had not been sent:
        # refusing the request would lock the browser out until the cookie expires.
        for name in [n for n, v in request.COOKIES.items() if "\x00" in n or "\x00" in v]:
            del request.COOKIES[name]
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"code": "invalid", "detail": str(NUL_REFUSED)}, status=400)
            raise BadRequest(NUL_REFUSED)
        return self.get_response(request)


class ActorMiddleware:
    """Resolves `request.actor` once per request: who is acting, in which workspace.

    The API resolves its own actor from the bearer token and leaves the session alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            request.actor = None
        else:
            request.actor = actor_for_user(
                request.user, request.session.get(SESSION_WORKSPACE_KEY), per_request=True
            )
        return self.get_response(request)


# Browser features Pacte never uses, refused to every page and to anything framed or injected
# into one. (`interest-cohort`, FLoC's name, is left out: browsers dropped it and Chrome logs an
# error for an unknown feature; `browsing-topics` is its successor.)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Headers every response gets, and `Cache-Control: no-store` on anything private.

    Private means: any response to a signed-in person, the whole API (a bearer token is not a
    session, so `request.user` says nothing there), and any download (`Content-Disposition`:
    exports, the hand-off dossier, the calendar feed whose secret address stands in for a
    sign-in). A shared cache or the browser's disk must not keep a client's contract; public
    pages keep their own caching (Django's sign-in view already forbids it for its CSRF token).
    Static files never come here: WhiteNoise answers them earlier in the chain. The checks are
    ordered so that the API and downloads never load the user: no query is added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if self._private(request, response):
            patch_cache_control(response, no_store=True)
        return response

    @staticmethod
    def _private(request, response) -> bool:
        if request.path_info.startswith("/api/") or response.has_header("Content-Disposition"):
            return True
        # An earlier middleware may have answered before authentication ran (a redirect).
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
