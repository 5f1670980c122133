from pacte.kernel.actions import action_view, get_page, render_page
from pacte.kernel.permissions import Perm
from pacte.kernel.web import portal_view

from .panels import PAGE


@portal_view()
def home(request):
    """The portal home: the panels engagements, billing and decisions register for it."""
    page = get_page(PAGE)
    return render_page(request, page, page.load(actor=request.actor, pk=None))


@portal_view(Perm.DECISION_RECORD)
def decide(request, recommendation_id: int):
    """The client answers a recommendation in the portal: their own written record. The
    recommendation is reached through their client: another client's answers 404."""
    return action_view(request, PAGE, request.actor.client_id, "decide", recommendation_id)


def portal_action(request, action: str, row_id: int | None = None):
    """An action another area registered on the portal home, on the portal user's client."""
    return action_view(request, PAGE, None, action, row_id)
