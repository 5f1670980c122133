"""The members' pages of conflicts: the workspace's cases, and one case with its steps, its
next moves (from CONFLICT_TRANSITIONS), the playbook's advice and the proposed solution."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pacte.attachments.selectors import attachments_of
from pacte.engagements.models import ENGAGEMENT_TRANSITIONS, Engagement
from pacte.kernel.errors import DomainError
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, place_on_fields

from . import selectors
from .advice import advice_for
from .attachments import KIND as STEP_KIND
from .forms import ConflictMoveForm
from .models import CONFLICT_TRANSITIONS, ConflictStatus
from .services import conflict_move

PER_PAGE = 50


@member_view(Perm.INTERNAL_VIEW)
def conflict_list(request):
    actor = request.actor
    state = request.GET.get("state", "")
    if state not in (selectors.OPEN, selectors.CLOSED):
        state = ""
    status = request.GET.get("status", "")
    if status not in ConflictStatus.values:
        status = ""
    rows = selectors.conflict_list(actor=actor, state=state, status=status)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = "&".join(f"{k}={v}" for k, v in (("state", state), ("status", status)) if v)
    return render(
        request,
        "conflicts/conflict_list.html",
        {
            "page": page,
            "rows": [(c, selectors.is_past_follow_up(c, today)) for c in page.object_list],
            "chosen": {"state": state, "status": status},
            "statuses": ConflictStatus.choices,
            "query": query,
        },
    )


def _exit_choices(actor, case):
    """The client's engagements an exit may terminate, and those of the case preselected."""
    engagements = [
        e
        for e in Engagement.objects.for_actor(actor).filter(client=case.client).order_by("pk")
        if ENGAGEMENT_TRANSITIONS.allowed(e.status, "terminate")
    ]
    mine = {e.pk for e in selectors.case_engagements(actor=actor, case=case)}
    return engagements, [e.pk for e in engagements if e.pk in mine]


def _form(actor, case, move, data=None):
    kwargs = {"target": move.target, "prefix": move.name}
    if move.target == ConflictStatus.EXIT:
        engagements, preselected = _exit_choices(actor, case)
        kwargs.update(engagements=engagements, preselected=preselected)
    return ConflictMoveForm(data, **kwargs)


def _detail(request, case, *, forms=None, status=200):
    actor = request.actor
    forms = forms or {}
    moves = [
        (move, forms.get(move.name) or _form(actor, case, move))
        for move in selectors.available_moves(actor=actor, obj=case)
    ]
    steps = selectors.conflict_steps(actor=actor, case=case)
    return render(
        request,
        "conflicts/conflict_detail.html",
        {
            "case": case,
            "steps": steps,
            # The evidence of every step (a letter, minutes, the proposal sent): one query.
            "step_files": attachments_of(
                actor=actor, subject_kind=STEP_KIND, subject_ids=[s.pk for s in steps]
            ),
            "engagements": selectors.case_engagements(actor=actor, case=case),
            "moves": moves,
            "advice": advice_for(case.status),
            "past_follow_up": selectors.is_past_follow_up(case),
        },
        status=status,
    )


@member_view(Perm.INTERNAL_VIEW)
def conflict_detail(request, case_id: int):
    case = selectors.conflict_get(actor=request.actor, case_id=case_id)
    return _detail(request, case)


@require_POST
@member_view(Perm.CONFLICT_EDIT)
def conflict_move_view(request, case_id: int, move: str):
    actor = request.actor
    name = move.replace("-", "_")
    if name not in CONFLICT_TRANSITIONS.moves:
        raise Http404()
    case = selectors.conflict_get(actor=actor, case_id=case_id)
    declared = CONFLICT_TRANSITIONS.move(name)
    form = _form(actor, case, declared, request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        if declared.target == ConflictStatus.EXIT:
            data["terminate_engagement_ids"] = form.cleaned_data.get("terminate_engagement_ids", [])
        try:
            conflict_move(actor=actor, case_id=case.pk, to=name, **data)
        except DomainError as exc:
            if not place_on_fields(form, exc):
                form.add_error(None, exc.detail)
                if not CONFLICT_TRANSITIONS.allowed(case.status, name):
                    # No form of this move is on the page any more: say it on top.
                    messages.error(request, exc.detail)
        else:
            messages.success(request, _("Done: %(move)s.") % {"move": str(declared.label)})
            return redirect("conflict_detail", case_id=case.pk)
    case = selectors.conflict_get(actor=actor, case_id=case_id)
    return _detail(request, case, forms={name: form}, status=400)
