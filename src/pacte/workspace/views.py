from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pacte.kernel import tasks, throttle
from pacte.kernel.actions import action_view
from pacte.kernel.errors import DomainError, NotFound
from pacte.kernel.journal import journal
from pacte.kernel.middleware import SESSION_WORKSPACE_KEY
from pacte.kernel.panels import build_panels, page_reads
from pacte.kernel.permissions import Perm
from pacte.kernel.selectors import places_of_user
from pacte.kernel.web import member_view, place_on_fields, report_domain_error, run_form_action

from . import selectors, services
from .forms import (
    BusinessCalendarForm,
    ClosureDayForm,
    InvitationJoinForm,
    MemberAddForm,
    MemberRoleForm,
    TokenCreateForm,
    WorkspacePolicyForm,
)
from .panels import SETTINGS_PAGE, policy_initial, settings_context


@member_view(Perm.MEMBER_VIEW)
def members(request):
    actor = request.actor
    add_form = MemberAddForm(request.POST or None, prefix="add")
    if request.method == "POST" and add_form.is_valid():
        try:
            invitation = services.member_invite(
                actor=actor, network=throttle.network_key(request), **add_form.cleaned_data
            )
        except DomainError as exc:
            report_domain_error(request, add_form, exc)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s: they join once they accept it.")
                % {"email": invitation.email},
            )
            return redirect("members")
    rows = [
        (member, MemberRoleForm(initial={"role": member.role}, prefix=f"m{member.pk}"))
        for member in selectors.member_list(actor=actor)
    ]
    return render(
        request,
        "workspace/members.html",
        {
            "rows": rows,
            "add_form": add_form,
            "invitations": selectors.invitation_list(actor=actor),
        },
    )


@require_POST
@member_view(Perm.MEMBER_MANAGE)
def invitation_revoke(request, invitation_id: int):
    try:
        invitation = services.invitation_revoke(actor=request.actor, invitation_id=invitation_id)
    except DomainError as exc:
        report_domain_error(request, None, exc)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was withdrawn: its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("members")


@login_required
def invitations(request):
    """The person's own page: the invitations awaiting their answer, and the workspaces
    they may open. It works for someone who belongs nowhere yet."""
    return render(
        request,
        "workspace/invitations.html",
        {
            "invitations": selectors.invitations_for_user(request.user),
            "places": places_of_user(request.user),
        },
    )


@require_POST
@login_required
def invitation_accept(request, invitation_id: int):
    try:
        member = services.invitation_accept(user=request.user, invitation_id=invitation_id)
    except NotFound:
        raise Http404() from None
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("invitations")
    request.session[SESSION_WORKSPACE_KEY] = member.workspace_id
    messages.success(request, _("Welcome to %(workspace)s.") % {"workspace": member.workspace.name})
    return redirect("home")


@require_POST
@login_required
def invitation_decline(request, invitation_id: int):
    try:
        invitation = services.invitation_decline(user=request.user, invitation_id=invitation_id)
    except NotFound:
        raise Http404() from None
    messages.success(
        request,
        _("You declined to join %(workspace)s.") % {"workspace": invitation.workspace.name},
    )
    return redirect("invitations")


def invitation_link(request, key: str):
    """The link of the invitation email. A person who signs in answers on their invitations
    page; a person with no password yet chooses one here and joins at once."""
    invitation = selectors.invitation_by_key(key)
    if invitation is None:
        return render(request, "workspace/invitation_link.html", {"invitation": None}, status=404)
    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email:
            return render(
                request,
                "workspace/invitation_link.html",
                {"invitation": invitation, "other_account": True},
            )
        return redirect("invitations")
    if selectors.invitation_needs_sign_in(invitation):
        return redirect_to_login(request.get_full_path())
    form = InvitationJoinForm(
        request.POST or None, initial={"full_name": invitation.full_name}, prefix="join"
    )
    if request.method == "POST" and form.is_valid():
        try:
            user, member = services.invitation_accept_with_key(
                raw_key=key,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
            )
        except DomainError as exc:
            if not place_on_fields(form, exc):
                form.add_error(None, exc.detail)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_WORKSPACE_KEY] = member.workspace_id
            messages.success(
                request, _("Welcome to %(workspace)s.") % {"workspace": member.workspace.name}
            )
            return redirect("home")
    return render(
        request, "workspace/invitation_link.html", {"invitation": invitation, "form": form}
    )


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
    """The owner's settings page: the workspace's rules, as typed fields, and the sections
    other areas register on it (the health score's weights, say)."""
    workspace = request.actor.workspace
    form = WorkspacePolicyForm(request.POST or None, initial=policy_initial(workspace))
    if request.method == "POST" and form.is_valid():
        try:
            services.workspace_update_policy(actor=request.actor, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("The workspace's rules are saved."))
            return redirect("workspace_settings")
    return _settings_page(request, status=200, form=form)


def settings_action(request, action: str):
    """A POST of a section another area registered on the settings page."""
    return action_view(request, SETTINGS_PAGE, None, action)


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
@login_required
def workspace_switch(request):
    """Open another of the person's places (a workspace, or a client's portal); it is also
    where they land at their next sign-in."""
    workspace_id = services.place_switch(
        user=request.user, workspace_id=request.POST.get("workspace")
    )
    if workspace_id is not None:
        request.session[SESSION_WORKSPACE_KEY] = workspace_id
    return redirect("home")


# --- The business calendar (issue 11) -------------------------------------------------------


def _settings_page(request, *, status=400, form=None, **forms):
    actor = request.actor
    with page_reads():
        context = {
            **settings_context(actor=actor, obj=actor.workspace, **forms),
            "panels": build_panels(SETTINGS_PAGE, actor=actor, obj=actor.workspace),
        }
    if form is not None:
        context["form"] = form
    return render(request, "workspace/settings.html", context, status=status)


@require_POST
@member_view(Perm.WORKSPACE_POLICY)
def workspace_calendar(request):
    """Save the business hours and the country whose public holidays are days off."""
    form = BusinessCalendarForm(request.POST)
    if form.is_valid():
        try:
            services.workspace_update_calendar(actor=request.actor, **form.service_arguments())
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("The business hours and holidays are saved."))
            return redirect(reverse("workspace_settings") + "#calendar")
    return _settings_page(request, calendar_form=form)


@require_POST
@member_view(Perm.WORKSPACE_POLICY)
def closure_day_add(request):
    form = ClosureDayForm(request.POST)
    if form.is_valid():
        try:
            services.closure_day_add(actor=request.actor, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("The closure day is added."))
            return redirect(reverse("workspace_settings") + "#closure-days")
    return _settings_page(request, closure_form=form)


@require_POST
@member_view(Perm.WORKSPACE_POLICY)
def closure_day_remove(request, closure_day_id: int):
    services.closure_day_remove(actor=request.actor, closure_day_id=closure_day_id)
    messages.success(request, _("The closure day is removed."))
    return redirect(reverse("workspace_settings") + "#closure-days")
