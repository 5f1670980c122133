from django.utils.cache import patch_cache_control

from .selectors import actor_for_user

SESSION_WORKSPACE_KEY = "pacte_workspace_id"


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
