"""Writes of the core: workspaces, members, API tokens. One function per write."""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.kernel import ledger, throttle
from pacte.kernel.business_time import (
    WEEKDAYS,
    BusinessCalendar,
    CalendarError,
    check_day_hours,
    check_region,
    format_day_hours,
    parse_day_hours,
    subdivision_names,
    week_from_json,
    week_to_json,
)
from pacte.kernel.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    full_clean_or_raise,
)
from pacte.kernel.hashing import secret_fingerprint
from pacte.kernel.models import ApiToken, ClosureDay, Invitation, Member, User, Workspace
from pacte.kernel.permissions import SYSTEM, Perm, Role
from pacte.kernel.retry import lock_workspace
from pacte.kernel.selectors import actor_for_user, forget_business_calendar
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_date, parse_decimal, parse_int

from .invitations import send_invitation, send_member_invitation
from .selectors import invitation_by_key

TOKEN_PREFIX = "pacte_"


def normalised_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            _("“%(email)s” is not a valid email address.") % {"email": email},
            fields={"email": [_("Enter a valid email address.")]},
        ) from None
    return email


def _checked_role(role: str) -> str:
    if role not in Role.values:
        raise InvalidInput(
            _("“%(role)s” is not a role. Choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)},
            fields={"role": [_("Unknown role.")]},
        )
    return role


def check_password_strength(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), fields={"password": exc.messages}) from None


def account_create(*, email: str, password: str | None, full_name: str) -> User:
    """A new person who signs in with `password`, or, without one, who chooses it from the
    link of their invitation email."""
    user = User(email=email, full_name=(full_name or "").strip())
    if password:
        check_password_strength(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    full_clean_or_raise(user, exclude=["password", "last_workspace"])
    user.save()
    return user


def _user_for_member(*, email: str, password: str | None, full_name: str) -> User:
    """The existing user with this email, or a new one with this password. Only the
    operator's paths (a new workspace's owner, `pacte user create`, demo data) come here."""
    user = User.objects.filter(email=email).first()
    if user is None:
        return account_create(email=email, password=password, full_name=full_name)
    # An existing account keeps its password: joining a second workspace must not reset it.
    return user


def _join(*, actor: Actor, workspace: Workspace, user: User, role: str, action: str) -> Member:
    """Make `user` a member: the one place a membership row is written."""
    # The portal app sits above this one: ask through the relation, not its model.
    if user.portal_accesses.filter(workspace_id=workspace.pk).exists():
        raise Conflict(
            _(
                "This person has client portal access in this workspace: remove it before "
                "making them a member."
            ),
            code="portal_user",
        )
    member = Member(workspace=workspace, user=user, role=role)
    full_clean_or_raise(member)
    member.save()
    ledger.append(
        actor=actor, action=action, subject=member, payload={"email": user.email, "role": role}
    )
    return member


def _as_id(value) -> int | None:
    """An id from a URL or a form, or None for anything that cannot be one."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def workspace_create(
    *, name: str, owner_email: str, owner_password: str | None = None, owner_name: str = ""
) -> Workspace:
    """A new workspace with its first owner; both facts open the workspace's ledger."""
    name = (name or "").strip()
    email = normalised_email(owner_email)
    workspace = Workspace(name=name)
    # Validated before any query: a huge or NUL-laden name never reaches the database.
    full_clean_or_raise(workspace, validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        if Workspace.objects.filter(name__iexact=name).exists():
            raise Conflict(
                _("A workspace named “%(name)s” already exists.") % {"name": name},
                code="workspace_exists",
            )
        workspace.save()
        system = Actor.system(workspace)
        ledger.append(
            actor=system,
            action="workspace.created",
            subject=workspace,
            payload={"name": workspace.name},
        )
        user = _user_for_member(email=email, password=owner_password, full_name=owner_name)
        _join(actor=system, workspace=workspace, user=user, role=Role.OWNER, action="member.added")
    return workspace


def member_add(
    *, actor: Actor, email: str, role: str, password: str | None = None, full_name: str = ""
) -> Member:
    """Add a member directly, without their answer: for the operator only (`pacte user
    create`, demo data), who holds the server anyway. Members and the API invite instead
    (`member_invite`): nobody joins a workspace without accepting (issue 10, item 1)."""
    if not actor.is_system:
        raise PermissionDenied(_("Members are invited: they join once they accept."))
    email = normalised_email(email)
    role = _checked_role(role)
    with transaction.atomic():
        user = _user_for_member(email=email, password=password, full_name=full_name)
        if Member.objects.in_workspace(actor.workspace).filter(user=user).exists():
            raise Conflict(
                _("%(email)s is already a member of this workspace.") % {"email": email},
                code="already_member",
            )
        member = _join(
            actor=actor, workspace=actor.workspace, user=user, role=role, action="member.added"
        )
        if not user.has_usable_password():
            transaction.on_commit(lambda: send_invitation(user=user, workspace=actor.workspace))
    return member


# --- Invitations (issue 10, items 1-2) -------------------------------------------------------

INVITATION_VALID_FOR = timedelta(days=14)


def member_invite(
    *, actor: Actor, email: str, role: str, full_name: str = "", network: str | None = None
) -> Invitation:
    """Invite an address to join the workspace. The answer is the same whether the address
    has an account anywhere or not: an invitation, which the person accepts or declines. Only
    what the workspace already knows is refused (its own members).

    Each sending is throttled (issue 10, item 3): per invited address from this workspace
    (so one workspace cannot flood an inbox, nor stop another from inviting), and per
    `network` of the sender when a face knows it. Counted outside the write's transaction,
    so a refused invitation still counts."""
    actor.require(Perm.MEMBER_MANAGE)
    email = normalised_email(email)
    role = _checked_role(role)
    full_name = (full_name or "").strip()
    if network is not None:
        throttle.INVITATION_IP.hit(network)
    throttle.INVITATION_ADDRESS.hit(f"{actor.workspace.pk}:{throttle.address_key(email)}")
    raw_key = secrets.token_urlsafe(32)
    with transaction.atomic():
        lock_workspace(actor)
        if Member.objects.in_workspace(actor.workspace).filter(user__email=email).exists():
            raise Conflict(
                _("%(email)s is already a member of this workspace.") % {"email": email},
                code="already_member",
            )
        if User.objects.filter(email=email, portal_accesses__workspace=actor.workspace).exists():
            raise Conflict(
                _(
                    "%(email)s has client portal access in this workspace: remove it before "
                    "inviting them as a member."
                )
                % {"email": email},
                code="portal_user",
            )
        invitation = (
            Invitation.objects.in_workspace(actor.workspace)
            .filter(email=email, status=Invitation.Status.PENDING)
            .first()
        ) or Invitation(workspace=actor.workspace, email=email)
        resent = invitation.pk is not None
        invitation.role = role
        invitation.full_name = full_name or invitation.full_name
        invitation.invited_by = actor.user
        invitation.key_hash = secret_fingerprint(raw_key)
        invitation.expires_at = timezone.now() + INVITATION_VALID_FOR
        # The partial unique constraint (one pending invitation per address) is checked by
        # the database; the workspace lock above already serialises two invitations.
        full_clean_or_raise(invitation, exclude=["key_hash"], validate_constraints=False)
        invitation.save()
        ledger.append(
            actor=actor,
            action="member.reinvited" if resent else "member.invited",
            subject=invitation,
            payload={"email": email, "role": role},
        )
        transaction.on_commit(
            lambda: send_member_invitation(invitation=invitation, raw_key=raw_key)
        )
    return invitation


def _pending_invitation_for(user: User, invitation_id) -> Invitation:
    """The pending invitation `invitation_id` addressed to `user`; anything else, whoever it
    is for, is not found."""
    pending = (
        Invitation.objects.across_workspaces()
        .filter(pk=_as_id(invitation_id), email=user.email.lower())
        .filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
        .select_related("workspace")
    )
    found = pending.first()
    invitation = None
    if found is not None:
        # Its workspace first, then the invitation: the one lock order (kernel.retry).
        lock_workspace(Actor.system(found.workspace))
        invitation = pending.select_for_update().first()
    if invitation is None:
        raise NotFound(_("This invitation does not exist, or was already answered."))
    return invitation


def invitation_accept(*, user: User, invitation_id) -> Member:
    """The invited person joins: a member from now on, landing in that workspace."""
    with transaction.atomic():
        invitation = _pending_invitation_for(user, invitation_id)
        return _accept(invitation, user)


def _accept(invitation: Invitation, user: User) -> Member:
    workspace = invitation.workspace
    actor = Actor(workspace=workspace, role=invitation.role, user=user)
    member = Member.objects.in_workspace(workspace).filter(user=user).first()
    if member is None:
        member = _join(
            actor=actor,
            workspace=workspace,
            user=user,
            role=invitation.role,
            action="member.joined",
        )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    User.objects.filter(pk=user.pk).update(last_workspace=workspace)
    user.last_workspace = workspace
    return member


def invitation_decline(*, user: User, invitation_id) -> Invitation:
    with transaction.atomic():
        invitation = _pending_invitation_for(user, invitation_id)
        invitation.status = Invitation.Status.DECLINED
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
        ledger.append(
            actor=Actor(workspace=invitation.workspace, role=SYSTEM),
            action="member.invitation_declined",
            subject=invitation,
            payload={"email": invitation.email},
        )
    return invitation


def invitation_revoke(*, actor: Actor, invitation_id) -> Invitation:
    actor.require(Perm.MEMBER_MANAGE)
    with transaction.atomic():
        invitation = actor.get_or_404(
            Invitation.objects.select_for_update(), pk=_as_id(invitation_id)
        )
        if invitation.status != Invitation.Status.PENDING:
            raise Conflict(
                _("This invitation was already answered or withdrawn."), code="not_pending"
            )
        invitation.status = Invitation.Status.REVOKED
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
        ledger.append(
            actor=actor,
            action="member.invitation_revoked",
            subject=invitation,
            payload={"email": invitation.email},
        )
    return invitation


def invitation_accept_with_key(
    *, raw_key: str, password: str, full_name: str = ""
) -> tuple[User, Member]:
    """The link of the email, for a person with no password yet: opening it proves they hold
    the address, so they choose their password and join in one step. Someone who already
    signs in must sign in first (the link page sends them there)."""
    if not password:
        raise InvalidInput(_("Choose a password."), fields={"password": [_("Choose a password.")]})
    with transaction.atomic():
        found = invitation_by_key(raw_key)
        if found is not None:
            # Its workspace first, then the invitation: the one lock order (kernel.retry).
            lock_workspace(Actor.system(found.workspace))
        invitation = invitation_by_key(raw_key, for_update=True) if found else None
        if invitation is None:
            raise NotFound(_("This invitation does not exist, or was already answered."))
        user = User.objects.filter(email=invitation.email).first()
        if user is not None and user.has_usable_password():
            raise Conflict(_("Sign in to answer this invitation."), code="sign_in_first")
        if user is None:
            user = account_create(
                email=invitation.email,
                password=password,
                full_name=full_name or invitation.full_name,
            )
        else:
            check_password_strength(password, user)
            user.set_password(password)
            user.full_name = (full_name or "").strip() or user.full_name
            full_clean_or_raise(user, exclude=["password", "last_workspace"])
            user.save()
        return user, _accept(invitation, user)


def place_switch(*, user: User, workspace_id) -> int | None:
    """Open another of the person's places; it is also where they land next time. Returns
    the workspace id, or None when the person has no place there (nothing changes)."""
    workspace_id = _as_id(workspace_id)
    if workspace_id is None:
        return None
    actor = actor_for_user(user, workspace_id=workspace_id)
    if actor is None or actor.workspace.pk != workspace_id:
        return None
    User.objects.filter(pk=user.pk).update(last_workspace_id=workspace_id)
    user.last_workspace_id = workspace_id
    return workspace_id


def _refuse_losing_last_owner(actor: Actor, member: Member) -> None:
    # Lock every owner row: two owners demoting each other at once must not both succeed.
    owners = list(
        Member.objects.in_workspace(actor.workspace).filter(role=Role.OWNER).select_for_update()
    )
    if member.role == Role.OWNER and len(owners) == 1:
        raise Conflict(
            _("A workspace keeps at least one owner: name another owner first."),
            code="last_owner",
        )


def member_change_role(*, actor: Actor, member_id: int, role: str) -> Member:
    actor.require(Perm.MEMBER_MANAGE)
    role = _checked_role(role)
    with transaction.atomic():
        member = actor.get_or_404(
            Member.objects.select_for_update().select_related("user"), pk=member_id
        )
        if member.role == role:
            return member
        if role != Role.OWNER:
            _refuse_losing_last_owner(actor, member)
        previous = member.role
        member.role = role
        member.save(update_fields=["role"])
        ledger.append(
            actor=actor,
            action="member.role_changed",
            subject=member,
            payload={"email": member.user.email, "from": previous, "to": role},
        )
    return member


def member_remove(*, actor: Actor, member_id: int) -> None:
    actor.require(Perm.MEMBER_MANAGE)
    with transaction.atomic():
        member = actor.get_or_404(Member.objects.select_related("user"), pk=member_id)
        _refuse_losing_last_owner(actor, member)
        # Their API tokens for this workspace stop working with their membership.
        ApiToken.objects.in_workspace(actor.workspace).filter(
            user=member.user, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        ledger.append(
            actor=actor,
            action="member.removed",
            subject=member,
            payload={"email": member.user.email, "role": member.role},
        )
        member.delete()


def token_create(*, actor: Actor, name: str, user: User | None = None) -> tuple[ApiToken, str]:
    """Issue a bearer token; the raw token is returned once and never stored."""
    user = user or actor.user
    if user is None:
        raise InvalidInput(_("Choose who the token belongs to."))
    if actor.user is not None and user.pk == actor.user.pk:
        actor.require(Perm.TOKEN_CREATE_OWN)
    else:
        actor.require(Perm.TOKEN_MANAGE_ALL)
    holder = actor_for_user(user, workspace_id=actor.workspace.pk)
    if holder is None or holder.workspace.pk != actor.workspace.pk:
        raise InvalidInput(
            _("%(email)s has no access to this workspace.") % {"email": user.email},
            code="no_access",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            workspace=actor.workspace,
            user=user,
            # The operator at the command line issues on the holder's behalf.
            issued_by=actor.user or user,
            name=(name or "").strip() or _("API token"),
            prefix=raw[: len(TOKEN_PREFIX) + 6],
            key_hash=secret_fingerprint(raw),
        )
        # key_hash is unique across workspaces by construction (256 random bits).
        full_clean_or_raise(token, exclude=["key_hash"])
        token.save()
        ledger.append(
            actor=actor,
            action="token.issued",
            subject=token,
            payload={"user": user.email, "name": token.name, "prefix": token.prefix},
        )
    return token, raw


def token_revoke(*, actor: Actor, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = actor.get_or_404(ApiToken.objects.select_related("user"), pk=token_id)
        if actor.user is None or token.user_id != actor.user.pk:
            actor.require(Perm.TOKEN_MANAGE_ALL)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            ledger.append(
                actor=actor,
                action="token.revoked",
                subject=token,
                payload={"user": token.user.email, "prefix": token.prefix},
            )
    return token


def token_touch(token: ApiToken) -> None:
    """Record when a token was last used, at most once a minute to spare the database."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.in_workspace(token.workspace_id).filter(pk=token.pk).update(
            last_used_at=now
        )


# The governance policies (DOMAIN §4), each optional: a face that does not send one keeps it.
GOVERNANCE_POLICIES = ("review_grace_days", "contacts_window_days", "decision_wait_days")


def workspace_update_policy(
    *,
    actor: Actor,
    default_deposit_percent,
    silence_days,
    review_grace_days=None,
    contacts_window_days=None,
    decision_wait_days=None,
) -> Workspace:
    """The workspace's rules of thumb: the deposit asked by default (R-DEPOSIT), the days
    without news after which an engagement is flagged (R-SILENCE), and the governance
    policies: the grace before a review not held is overdue, the window over which the
    client's requesters are counted (R-CONTACTS), the days the client may take to decide."""
    actor.require(Perm.WORKSPACE_POLICY)
    # The model's validators then say which bounds a value breaks, beside its field.
    percent = parse_decimal(
        default_deposit_percent,
        field="default_deposit_percent",
        minimum=Decimal("-1e12"),
        maximum=Decimal("1e12"),
        message=_("Give the deposit as a percentage and the silence in days."),
        field_message=_("Enter a percentage such as 30."),
        places=None,
    )
    days = parse_int(
        silence_days,
        field="silence_days",
        minimum=-(10**9),
        maximum=10**9,
        message=_("Give the deposit as a percentage and the silence in days."),
        field_message=_("Enter a number of days."),
    )
    given = {
        "review_grace_days": review_grace_days,
        "contacts_window_days": contacts_window_days,
        "decision_wait_days": decision_wait_days,
    }
    governance = {
        name: parse_int(
            value,
            field=name,
            minimum=-(10**9),
            maximum=10**9,
            message=_("Give each policy as a number of days."),
            field_message=_("Enter a number of days."),
        )
        for name, value in given.items()
        if value is not None and value != ""
    }
    with transaction.atomic():
        workspace = Workspace.objects.select_for_update().get(pk=actor.workspace.pk)
        fields = ["default_deposit_percent", "silence_days", *governance]
        before = {
            name: str(value) if isinstance(value, Decimal) else value
            for name in fields
            for value in [getattr(workspace, name)]
        }
        workspace.default_deposit_percent = percent
        workspace.silence_days = days
        for name, value in governance.items():
            setattr(workspace, name, value)
        full_clean_or_raise(workspace, exclude=["name"])
        workspace.save(update_fields=fields)
        ledger.append(
            actor=actor,
            action="workspace.policy_changed",
            subject=workspace,
            payload={
                "from": before,
                "to": {"default_deposit_percent": str(percent), "silence_days": days, **governance},
            },
        )
        for name in fields:
            setattr(actor.workspace, name, getattr(workspace, name))
    return workspace


# --- The business calendar (DOMAIN §4, issue 11) --------------------------------------------


def _calendar_region(country, subdivision) -> tuple[str, str]:
    country_text = str(country or "").strip().upper()
    try:
        return check_region(country_text, "")[0], _calendar_subdivision(country_text, subdivision)
    except CalendarError:
        raise InvalidInput(
            _("“%(country)s” is not a country whose public holidays Pacte knows.")
            % {"country": country_text},
            fields={"country": [_("Enter a country code such as FR or CA.")]},
        ) from None


def _calendar_subdivision(country: str, subdivision) -> str:
    subdivision = str(subdivision or "").strip()
    try:
        return check_region(country, subdivision)[1]
    except CalendarError:
        names = subdivision_names(country)
        choices = ", ".join(f"{code} ({name})" for code, name in names.items())
        raise InvalidInput(
            (
                _("“%(subdivision)s” is not a region of %(country)s. Choose one of: %(choices)s.")
                if names
                else _("%(country)s has no regions: leave the region blank.")
            )
            % {"subdivision": subdivision, "country": country, "choices": choices},
            fields={"subdivision": [_("Unknown region for this country.")]},
        ) from None


def _calendar_week(hours) -> dict[str, list[list[str]]]:
    """Weekly hours from {"mon": "09:00-12:30, 13:30-18:00", …} (text, or a list of
    ["HH:MM", "HH:MM"] pairs); a missing or blank day is closed."""
    if not isinstance(hours, dict) or set(hours) - set(WEEKDAYS):
        raise InvalidInput(
            _("Give the hours by weekday: %(days)s.") % {"days": ", ".join(WEEKDAYS)},
            fields={"hours": [_("Unknown weekday.")]},
        )
    week, errors = [], {}
    for key in WEEKDAYS:
        value = hours.get(key) or ""
        try:
            if isinstance(value, str):
                week.append(parse_day_hours(value))
            elif isinstance(value, list | tuple):
                week.append(
                    week_from_json({key: [list(pair) for pair in value]})[WEEKDAYS.index(key)]
                )
            else:
                raise CalendarError("not hours")
        except (CalendarError, TypeError, ValueError):
            errors[f"hours_{key}"] = [
                _(
                    "Enter ranges such as 09:00-12:30, 13:30-18:00, each starting before it "
                    "ends, without overlaps; leave blank for a day off."
                )
            ]
            week.append(())
    if errors:
        raise InvalidInput(
            _("Some business hours are not valid: %(days)s.")
            % {"days": ", ".join(name.removeprefix("hours_") for name in errors)},
            fields=errors,
        )
    if not any(week):
        raise InvalidInput(
            _("Give business hours on at least one day of the week."),
            fields={"hours_mon": [_("Give business hours on at least one day of the week.")]},
        )
    return week_to_json([check_day_hours(day) for day in week])


def _calendar_state(workspace: Workspace) -> dict:
    return {
        "country": workspace.holiday_country,
        "subdivision": workspace.holiday_subdivision,
        "hours": calendar_hours_text(workspace.business_hours),
    }


def calendar_hours_text(stored) -> dict[str, str]:
    """Stored weekly hours as text by weekday ("09:00-18:00", "" for a day off)."""
    try:
        week = week_from_json(stored)
    except CalendarError:
        week = BusinessCalendar().week
    return {key: format_day_hours(day) for key, day in zip(WEEKDAYS, week, strict=True)}


def workspace_update_calendar(*, actor: Actor, country, subdivision="", hours=None) -> Workspace:
    """The workspace's business calendar: the weekly hours and the country (and region) whose
    public holidays are days off. Every SLA clock and "working days" count uses it; nothing
    is stored from it, so a change applies to every count from then on."""
    actor.require(Perm.WORKSPACE_POLICY)
    country, subdivision = _calendar_region(country, subdivision)
    with transaction.atomic():
        workspace = Workspace.objects.select_for_update().get(pk=actor.workspace.pk)
        week = workspace.business_hours if hours is None else _calendar_week(hours)
        before = _calendar_state(workspace)
        workspace.holiday_country = country
        workspace.holiday_subdivision = subdivision
        workspace.business_hours = week
        full_clean_or_raise(workspace, exclude=["name"])
        workspace.save(update_fields=["holiday_country", "holiday_subdivision", "business_hours"])
        ledger.append(
            actor=actor,
            action="workspace.calendar_changed",
            subject=workspace,
            payload={"from": before, "to": _calendar_state(workspace)},
        )
        actor.workspace.holiday_country = country
        actor.workspace.holiday_subdivision = subdivision
        actor.workspace.business_hours = week
        forget_business_calendar(actor.workspace)
    return workspace


def closure_day_add(*, actor: Actor, date, label: str = "") -> ClosureDay:
    """Close the workspace on a day besides public holidays (a bridge day)."""
    actor.require(Perm.WORKSPACE_POLICY)
    day = parse_date(date, field="date")
    label = str(label or "").strip()
    with transaction.atomic():
        if ClosureDay.objects.in_workspace(actor.workspace).filter(date=day).exists():
            raise Conflict(
                _("%(date)s is already a closure day.") % {"date": day.isoformat()},
                code="closure_day_exists",
            )
        closure = ClosureDay(workspace=actor.workspace, date=day, label=label)
        full_clean_or_raise(closure, exclude=["workspace"])
        closure.save()
        ledger.append(
            actor=actor,
            action="closure_day.added",
            subject=closure,
            payload={"date": day.isoformat(), "label": label},
        )
        forget_business_calendar(actor.workspace)
    return closure


def closure_day_remove(*, actor: Actor, closure_day_id) -> None:
    actor.require(Perm.WORKSPACE_POLICY)
    with transaction.atomic():
        closure = actor.get_or_404(ClosureDay.objects.all(), pk=_as_id(closure_day_id) or 0)
        ledger.append(
            actor=actor,
            action="closure_day.removed",
            subject=closure,
            payload={"date": closure.date.isoformat(), "label": closure.label},
        )
        closure.delete()
        forget_business_calendar(actor.workspace)
