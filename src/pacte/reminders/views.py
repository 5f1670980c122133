from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pacte.kernel.errors import DomainError
from pacte.kernel.models import OutboundEmail
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error

from . import selectors, services
from .forms import ReminderSettingsForm

PER_PAGE = 50


@member_view(Perm.WORKSPACE_VIEW)
def reminder_settings(request):
    """Each member's own choice: which reminders, how (immediately, daily, weekly, off), and in
    which language."""
    actor = request.actor
    choices, language = selectors.my_reminder_settings(actor=actor)
    form = ReminderSettingsForm(
        request.POST or None, choices=choices, initial={"language": language}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_settings_save(
                actor=actor, language=form.cleaned_data["language"], deliveries=form.chosen()
            )
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("reminder_settings")
    return render(request, "reminders/settings.html", {"form": form, "choices": choices})


@member_view(Perm.OUTBOX_MANAGE)
def outbox(request):
    """Every message sent for the workspace: sent, queued, failed with the error."""
    actor = request.actor
    status = request.GET.get("status", "")
    page = Paginator(selectors.outbox(actor=actor, status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reminders/outbox.html",
        {
            "page": page,
            "status": status if status in OutboundEmail.Status.values else "",
            "statuses": OutboundEmail.Status.choices,
            "counts": selectors.outbox_counts(actor=actor),
            "waiting": list(selectors.waiting_reminders(actor=actor)[:PER_PAGE]),
        },
    )


@require_POST
@member_view(Perm.OUTBOX_MANAGE)
def outbox_resend(request, email_id: int):
    try:
        again = services.outbox_resend(actor=request.actor, email_id=email_id)
    except DomainError as exc:
        report_domain_error(request, None, exc)
    else:
        messages.success(request, _("The message to %(to)s is queued again.") % {"to": again.to})
    return redirect("outbox")
