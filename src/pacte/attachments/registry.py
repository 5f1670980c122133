"""What records may carry files: each app above registers its kinds, this app imports none.

    # in the app's attachments.py, called from its AppConfig.ready():
    register_attachable(
        "decisions.recommendation",
        label=_("Recommendation"),
        find=lambda actor, pk: recommendation_get(actor=actor, recommendation_id=pk),
        attach_perm=Perm.RECOMMENDATION_EDIT,
    )

`find(actor, subject_id)` returns the record the actor may see, or raises NotFound: it is the
record's own selector, so a portal user reaches only their client's records, and a file is
served to exactly those who can see the record it supports. `attach_perm` is the permission
needed to add a file; `portal_visible=False` keeps a kind's files from portal users even when
the record itself is shown in the portal. `logo=True` lets the kind carry a "logo" image.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from pacte.kernel.errors import NotFound, PermissionDenied
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

KEY_MAX_LENGTH = 60


@dataclass(frozen=True)
class Attachable:
    key: str
    label: Any
    find: Callable[[Actor, int], models.Model]
    attach_perm: Perm
    portal_visible: bool = True
    logo: bool = False

    def record(self, actor: Actor, subject_id) -> models.Model:
        """The record, if the actor may see it and its files; NotFound otherwise (the same
        answer for absent, another workspace's, another client's, or not shown to the
        actor's role)."""
        if actor.is_portal and not self.portal_visible:
            raise NotFound()
        try:
            subject_id = int(subject_id)
        except (TypeError, ValueError):
            raise NotFound() from None
        try:
            return self.find(actor, subject_id)
        except PermissionDenied:
            # A record the actor's role may not read is, for its files, not there.
            raise NotFound() from None


_ATTACHABLES: dict[str, Attachable] = {}


def register_attachable(
    key: str,
    *,
    label,
    find: Callable[[Actor, int], models.Model],
    attach_perm: Perm,
    portal_visible: bool = True,
    logo: bool = False,
) -> Attachable:
    if not key or len(key) > KEY_MAX_LENGTH or not key.replace(".", "").replace("_", "").isalnum():
        raise ValueError(f"an attachable key is 'app.model' in lower case, not {key!r}")
    if key in _ATTACHABLES:
        raise ValueError(f"attachable {key!r} is registered twice")
    attachable = Attachable(
        key=key,
        label=label,
        find=find,
        attach_perm=attach_perm,
        portal_visible=portal_visible,
        logo=logo,
    )
    _ATTACHABLES[key] = attachable
    return attachable


def attachable(key: str) -> Attachable:
    """The registered kind, or NotFound (an unknown kind names nothing the actor can see)."""
    try:
        return _ATTACHABLES[key]
    except (KeyError, TypeError):
        raise NotFound() from None


def attachable_keys() -> list[str]:
    return sorted(_ATTACHABLES)
