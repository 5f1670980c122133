from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pacte.attachments.selectors import attachments_of
from pacte.kernel.errors import DomainError
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error

from . import selectors, services
from .attachments import KIND as ATTACHMENT_KIND
from .forms import MinutesForm


@member_view(Perm.INTERNAL_VIEW)
def review_detail(request, review_id: int):
    """One review: who attended, the decisions taken and their status, the minutes (which
    members who write may complete)."""
    actor = request.actor
    review = selectors.review_get(actor=actor, review_id=review_id)
    form = None
    if actor.can(Perm.REVIEW_EDIT):
        form = MinutesForm(request.POST or None, initial={"minutes": review.minutes})
    elif request.method == "POST":
        actor.require(Perm.REVIEW_EDIT)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.review_update_minutes(
                actor=actor, review_id=review.pk, minutes=form.cleaned_data["minutes"]
            )
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("Minutes saved."))
            return redirect("review_detail", review_id=review.pk)
    # The minutes as files (signed minutes, slides): one query.
    files = attachments_of(actor=actor, subject_kind=ATTACHMENT_KIND, subject_ids=[review.pk])
    return render(
        request,
        "governance/review_detail.html",
        {
            "review": review,
            "form": form,
            "files": files[review.pk],
            "attachment_kind": ATTACHMENT_KIND,
        },
    )
