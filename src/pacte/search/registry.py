"""The kinds of result the global search finds: one source per app's model.

A source says who may search it (members, portal users, or both), how to find its rows (one
query, scoped with `for_actor`, filtered with `icontains`, ordered best match first), and how
each row reads in a result list (a title, a subtitle, a link). The search app sits at the top
of the layers, so its sources import the apps they search; those apps know nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from pacte.kernel.panels import Registry
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

MEMBERS = "members"
PORTAL = "portal"


@dataclass(frozen=True)
class Result:
    """One row found, as a person reads it. `url` is empty when there is no page to open
    (a paid invoice in the portal, which lists only what is left to pay)."""

    kind: str
    title: str
    subtitle: str
    url: str


@dataclass(frozen=True)
class SearchSource:
    kind: str  # "clients": stable, used by the API and as the heading's anchor
    label: str  # "Clients": the heading, translated
    perm: Perm
    # (actor, query) -> the matching rows, scoped and ordered; the selector slices it.
    rows: Callable[[Actor, str], QuerySet]
    # (actor, row) -> Result
    result: Callable[[Actor, object], Result]
    audiences: frozenset[str] = field(default=frozenset({MEMBERS}))
    order: int = 100


_sources: Registry[SearchSource] = Registry("search source")


def register_source(source: SearchSource) -> SearchSource:
    return _sources.add((source.kind,), source)


def sources_for(actor: Actor) -> list[SearchSource]:
    """The sources this actor searches, in order: a portal user searches the portal's own
    sources, a member (or the system) the workspace's, each needing its permission."""
    audience = PORTAL if actor.is_portal else MEMBERS
    return sorted(
        (s for s in _sources.entries() if audience in s.audiences and actor.can(s.perm)),
        key=lambda s: (s.order, s.kind),
    )


def all_sources() -> list[SearchSource]:
    return sorted(_sources.entries(), key=lambda s: (s.order, s.kind))
