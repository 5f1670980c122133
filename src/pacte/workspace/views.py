from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pacte.kernel import tasks
from pacte.kernel.errors import DomainError
from pacte.kernel.journal import journal
from pacte.kernel.middleware import SESSION_WORKSPACE_KEY
from pacte.kernel.permissions import Perm
from pacte.kernel.selectors import workspaces_of_user
from pacte.kernel.web import member_view, report_domain_error, run_form_action

from . import selectors, services
from .forms import MemberAddForm, MemberRoleForm, TokenCreateForm, WorkspacePolicyForm


@member_view(Perm.MEMBER_VIEW)
def members(request):
    actor = request.actor
    add_form = MemberAddForm(request.POST or None, prefix="add")
    if request.method == "POST" and add_form.is_valid():
        try:
            member = services.member_add(actor=actor, **add_form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, add_form, exc)
        else:
            messages.success(
                request,
                _("%(email)s was added; an invitation to choose a password was sent.")
                % {"email": member.user.email},
            )
            return redirect("members")
    rows = [
        (member, MemberRoleForm(initial={"role": member.role}, prefix=f"m{member.pk}"))
        for member in selectors.member_list(actor=actor)
    ]
    return render(request, "workspace/members.html", {"rows": rows, "add_form": add_form})


@require_POST
@member_view(Perm.MEMBER_MANAGE)
def member_role(request, member_id: int):
    form = MemberRoleForm(request.POST, prefix=f"m{member_id}")
    if form.is_valid():
        try:
            member = services.member_change_role(
                actor=request.actor, member_id=member_id, role=form.cleaned_data["role"]
            )
        except DomainError as exc:
            report_domain_error(request, None, exc)
        else:
            messages.success(
                request,
                _("%(email)s now has the role %(role)s.")
                % {"email": member.user.email, "role": member.get_role_display()},
            )
    else:
        messages.error(request, _("Choose a role from the list."))
    return redirect("members")


@require_POST
@member_view(Perm.MEMBER_MANAGE)
def member_remove(request, member_id: int):
    try:
        services.member_remove(actor=request.actor, member_id=member_id)
    except DomainError as exc:
        report_domain_error(request, None, exc)
    else:
        messages.success(request, _("The member was removed."))
    return redirect("members")


@member_view(Perm.TOKEN_CREATE_OWN)
def tokens(request):
    actor = request.actor
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.token_create(actor=actor, name=form.cleaned_data["name"])
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            form = TokenCreateForm()
    return render(
        request,
        "workspace/tokens.html",
        {"tokens": selectors.token_list(actor=actor), "form": form, "new_token": new_token},
    )


@require_POST
@member_view(Perm.TOKEN_CREATE_OWN)
def token_revoke(request, token_id: int):
    try:
        services.token_revoke(actor=request.actor, token_id=token_id)
    except DomainError as exc:
        report_domain_error(request, None, exc)
    else:
        messages.success(request, _("The token was revoked: it no longer opens the API."))
    return redirect("tokens")


@member_view(Perm.LEDGER_VIEW)
def ledger_page(request):
    """The proof ledger read as a journal: a sentence per entry, the raw record one click
    away. Rendering walks no chain: the incremental check covers only what was written since
    the last one, and the full walk's verdict is read as recorded."""
    status = selectors.ledger_status(actor=request.actor)
    page = selectors.ledger_entry_page(actor=request.actor, number=request.GET.get("page", 1))
    return render(
        request,
        "workspace/ledger.html",
        {
            "page": page,
            "lines": journal(page.entries),
            "status": status,
            "verification": status.verification,
        },
    )


@require_POST
@member_view(Perm.LEDGER_VIEW)
def ledger_full_walk(request):
    """The ledger page's button: the whole chain is walked in the background."""
    if tasks.ledger_full_walk_request(actor=request.actor):
        messages.success(
            request,
            _(
                "A full walk of the chain is queued: it runs in the background, and its "
                "result will show on this page."
            ),
        )
    else:
        messages.info(
            request, _("A full walk of the chain is already under way: its result will show here.")
        )
    return redirect("ledger")


@member_view(Perm.WORKSPACE_POLICY)
def workspace_settings(request):
    """The owner's settings page: the workspace's rules, as typed fields."""
    workspace = request.actor.workspace
    form = WorkspacePolicyForm(
        request.POST or None,
        initial={
            "default_deposit_percent": workspace.default_deposit_percent,
            "silence_days": workspace.silence_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workspace_update_policy(actor=request.actor, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("The workspace's rules are saved."))
            return redirect("workspace_settings")
    return render(request, "workspace/settings.html", {"form": form})


@require_POST
@member_view(Perm.WORKSPACE_POLICY)
def workspace_policy(request):
    """The first release's form posted here, with a `policy-` prefix; it still works."""
    run_form_action(
        request,
        WorkspacePolicyForm(request.POST, prefix="policy"),
        services.workspace_update_policy,
        success=_("The workspace's rules are saved."),
    )
    return redirect("dashboard")


@require_POST
@member_view()
def workspace_switch(request):
    wanted = request.POST.get("workspace")
    for workspace in workspaces_of_user(request.user):
        if str(workspace.pk) == wanted:
            request.session[SESSION_WORKSPACE_KEY] = workspace.pk
            break
    return redirect("dashboard")
