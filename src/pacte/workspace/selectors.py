"""Reads of the workspace: its members, API tokens and proof ledger."""

from __future__ import annotations

from django.db.models import QuerySet

from pacte.kernel.models import ApiToken, LedgerEntry, Member
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor


def member_list(*, actor: Actor) -> QuerySet[Member]:
    actor.require(Perm.MEMBER_VIEW)
    return Member.objects.for_actor(actor).select_related("user").order_by("user__email")


def token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """The actor's own tokens; an owner sees every token of the workspace."""
    qs = ApiToken.objects.for_actor(actor).select_related("user").order_by("-created_at")
    if not actor.can(Perm.TOKEN_MANAGE_ALL):
        qs = qs.filter(user=actor.user)
    return qs


def ledger_entry_list(*, actor: Actor) -> QuerySet[LedgerEntry]:
    actor.require(Perm.LEDGER_VIEW)
    return LedgerEntry.objects.for_actor(actor).order_by("-seq")
