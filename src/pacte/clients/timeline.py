"""A client's timeline: what happened with them, newest first, from every app that records
something about them.

The clients app defines the registry and merges the items; each app registers its own
source and the template of its items (exchanges, decisions, invoices, payments…), so the
clients app imports none of them. A source costs one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from pacte.kernel.panels import Registry
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor


@dataclass(frozen=True)
class TimelineSource:
    kind: str  # "exchange", "decision", …: the item's CSS class is `t-<kind>`
    template: str  # one item, with `t` the TimelineItem
    # (actor=, client=, limit=) -> [(date, object)], newest first, at most `limit`
    items: Callable[..., list] = field(compare=False)
    perm: Perm | None = None
    order: int = 100  # among items of the same day


@dataclass(frozen=True)
class TimelineItem:
    on: dt.date
    kind: str
    item: object
    template: str


timeline_sources: Registry[TimelineSource] = Registry("client timeline source")


def register_timeline_source(source: TimelineSource) -> TimelineSource:
    return timeline_sources.add((source.kind,), source)


def client_timeline(*, actor: Actor, client, limit: int = 40) -> list[TimelineItem]:
    """What every registered source says about the client, newest first (a query a source)."""
    actor.require(Perm.CLIENT_VIEW)
    items = []
    for source in sorted(timeline_sources.entries(), key=lambda s: (s.order, s.kind)):
        if source.perm is not None and not actor.can(source.perm):
            continue
        items += [
            TimelineItem(on, source.kind, item, source.template)
            for on, item in source.items(actor=actor, client=client, limit=limit)
        ]
    # Stable: within a day, the items keep their sources' order.
    items.sort(key=lambda t: t.on, reverse=True)
    return items[:limit]
