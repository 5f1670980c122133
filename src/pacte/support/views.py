"""The members' pages of support: the workspace's requests, and one request with its clocks
and its moves."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pacte.clients.selectors import client_get
from pacte.kernel.errors import DomainError
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, place_on_fields

from . import selectors
from .forms import MoveForm
from .models import SUPPORT_REQUEST_TRANSITIONS, Priority, RequestStatus
from .services import support_request_move

PER_PAGE = 50


def _filters(request, actor, client_id) -> dict:
    status = request.GET.get("status", "")
    if status not in RequestStatus.values and status != "running":
        status = ""
    priority = request.GET.get("priority", "")
    if priority not in Priority.values:
        priority = ""
    client = None
    if client_id is not None:
        client = client_get(actor=actor, client_id=client_id)
    return {
        "status": status,
        "priority": priority,
        "client": client,
        "breached": request.GET.get("breached") == "1",
    }


@member_view(Perm.CLIENT_VIEW)
def request_list(request, client_id: int | None = None):
    """The workspace's requests, or one client's (`/clients/<id>/requests/`)."""
    actor = request.actor
    chosen = _filters(request, actor, client_id)
    rows = selectors.support_request_list(
        actor=actor,
        client=chosen["client"],
        status="" if chosen["status"] == "running" else chosen["status"],
        running=chosen["status"] == "running",
        priority=chosen["priority"],
    )
    if chosen["breached"]:
        rows = selectors.breached_requests(actor=actor, queryset=rows)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    breaches = selectors.breaches_of(actor=actor, requests=items)
    query = {
        k: v
        for k, v in (
            ("status", chosen["status"]),
            ("priority", chosen["priority"]),
            ("breached", "1" if chosen["breached"] else ""),
        )
        if v
    }
    return render(
        request,
        "support/request_list.html",
        {
            "page": page,
            "rows": [(r, breaches.get(r.pk, [])) for r in items],
            "chosen": chosen,
            "query": "&".join(f"{k}={v}" for k, v in query.items()),
            "statuses": RequestStatus.choices,
            "priorities": Priority.choices,
            "scan_limit": selectors.BREACH_SCAN_LIMIT,
        },
    )


def _detail(request, support_request, *, forms=None, status=200):
    actor = request.actor
    waits = selectors.request_waits(actor=actor, request=support_request)
    forms = forms or {}
    moves = [
        (move, forms.get(move.name) or MoveForm(prefix=move.name))
        for move in selectors.available_moves(actor=actor, obj=support_request)
    ]
    return render(
        request,
        "support/request_detail.html",
        {
            "r": support_request,
            "waits": waits,
            "clocks": selectors.request_clocks(actor=actor, request=support_request, waits=waits),
            "moves": moves,
        },
        status=status,
    )


@member_view(Perm.CLIENT_VIEW)
def request_detail(request, request_id: int):
    support_request = selectors.support_request_get(actor=request.actor, request_id=request_id)
    return _detail(request, support_request)


@require_POST
@member_view(Perm.SUPPORT_REQUEST_HANDLE)
def request_move(request, request_id: int, move: str):
    actor = request.actor
    name = move.replace("-", "_")
    if name not in SUPPORT_REQUEST_TRANSITIONS.moves:
        raise Http404()
    support_request = selectors.support_request_get(actor=actor, request_id=request_id)
    form = MoveForm(request.POST, prefix=name)
    if form.is_valid():
        try:
            support_request_move(
                actor=actor, request_id=support_request.pk, move=name, at=form.cleaned_data["at"]
            )
        except DomainError as exc:
            if not place_on_fields(form, exc):
                form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Done: %(move)s.") % {"move": _move_label(name)})
            return redirect("support_request_detail", request_id=support_request.pk)
    return _detail(request, support_request, forms={name: form}, status=400)


def _move_label(name: str) -> str:
    return str(SUPPORT_REQUEST_TRANSITIONS.move(name).label)
