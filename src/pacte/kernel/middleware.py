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
            request.actor = actor_for_user(request.user, request.session.get(SESSION_WORKSPACE_KEY))
        return self.get_response(request)
