from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pacte.clients.selectors import client_choices
from pacte.kernel.actions import action_view, get_page, render_page
from pacte.kernel.errors import DomainError
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error

from . import services
from .forms import EngagementForm
from .panels import PAGE


@member_view(Perm.ENGAGEMENT_EDIT)
def engagement_create(request):
    actor = request.actor
    initial = {"client_id": request.GET.get("client"), "currency": "EUR"}
    form = EngagementForm(
        request.POST or None,
        clients=client_choices(actor=actor),
        initial=initial,
        default_percent=actor.workspace.default_deposit_percent,
    )
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_create(actor=actor, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("Engagement created. Next: issue the deposit invoice."))
            return redirect("engagement_detail", engagement_id=engagement.pk)
    return render(request, "engagements/form.html", {"form": form})


@member_view(Perm.ENGAGEMENT_VIEW)
def engagement_detail(request, engagement_id: int):
    """The engagement page: its header and the panels every app registers for it."""
    page = get_page(PAGE)
    return render_page(request, page, page.load(actor=request.actor, pk=engagement_id))


def engagement_action(request, engagement_id: int, action: str, row_id: int | None = None):
    """Every POST of the engagement page; a row is reached through the engagement."""
    return action_view(request, PAGE, engagement_id, action, row_id)
