from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pacte.kernel.panels import build_panels
from pacte.kernel.permissions import Perm
from pacte.kernel.selectors import workspaces_of_user
from pacte.kernel.web import member_view


def home(request):
    """Where a signed-in person lands: the dashboard, or the portal for the client's people."""
    if not request.user.is_authenticated:
        return redirect("login")
    actor = request.actor
    if actor is None:
        logout(request)
        messages.error(request, _("Your account has no access to any workspace any more."))
        return redirect("login")
    return redirect("portal:home" if actor.is_portal else "dashboard")


@member_view()
def dashboard(request):
    """The panels apps register for the dashboard, in their order."""
    actor = request.actor
    panels = build_panels("dashboard", actor=actor)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "workspace": actor.workspace,
            "workspaces": workspaces_of_user(request.user),
            # What needs attention today: the lists apps register in the "attention" group,
            # in one card that says "all clear" when none has anything.
            "show_attention": actor.can(Perm.INTERNAL_VIEW),
            "attention": [p for p in panels if p.group == "attention"],
            "panels": [p for p in panels if p.group != "attention"],
        },
    )
