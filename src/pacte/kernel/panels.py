"""Panels: how an app adds a section to a page another app owns, without being imported by it.

A page (the client page, the engagement page, the dashboard, the portal home) renders the
panels registered for it, in order, that the actor may see. An app registers its panels in its
`AppConfig.ready()`, from its own `panels.py`:

    register_panel(Panel(page="engagement", name="invoices", order=40,
                         template="billing/panels/invoices.html",
                         context=invoices_panel, perm=Perm.ENGAGEMENT_VIEW))

The page owner imports nothing of the contributing app; the contributing app sits above it
in the layers and may import it. NetBox's `register_model_view` and `ViewTab` are the model.

The same registry pattern carries other contributions: `Registry` below is what a coming
area (health signals, reminder kinds) uses for its own kind of entry.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .permissions import Perm
from .tenancy import Actor

T = TypeVar("T")


class Registry(Generic[T]):
    """Named entries contributed by apps, each at most once, listed in a stable order."""

    def __init__(self, what: str):
        self.what = what
        self._entries: dict[tuple, T] = {}

    def add(self, key: tuple, entry: T) -> T:
        if key in self._entries and self._entries[key] != entry:
            raise ValueError(f"{self.what} {key!r} is registered twice")
        self._entries[key] = entry
        return entry

    def entries(self) -> list[T]:
        return list(self._entries.values())

    def get(self, key: tuple) -> T | None:
        return self._entries.get(key)


# What a panel's selector receives: the actor, the object of the page (a client, an
# engagement, or None for the dashboard), and the forms to show instead of fresh ones (a form
# posted with errors, kept as the person typed it).
PanelContext = Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    page: str
    name: str
    template: str
    context: PanelContext
    order: int = 100
    perm: Perm | None = None
    # Whether the panel applies to this object at all (an engagement's handoff, say).
    applies: Callable[[Actor, Any], bool] | None = field(default=None, compare=False)
    # Panels of one group are read together by the page: the dashboard says "all clear" when
    # no panel of its "attention" group has anything to show.
    group: str = ""


_panels: Registry[Panel] = Registry("panel")


_page_reads: ContextVar[dict | None] = ContextVar("page_reads", default=None)


@contextmanager
def page_reads():
    """While a page is built, `once_per_page` shares reads between its panels. Outside, every
    call reads afresh: a selector never returns what an earlier call saw."""
    token = _page_reads.set({}) if _page_reads.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _page_reads.reset(token)


def once_per_page(obj, key: str, compute: Callable[[], Any]):
    """Read once per page: the panels of one page (and its next steps) share what one of them
    loaded about the page's object."""
    cache = _page_reads.get()
    if cache is None:
        return compute()
    slot = (type(obj).__name__, obj.pk, key)
    if slot not in cache:
        cache[slot] = compute()
    return cache[slot]


def register_panel(panel: Panel) -> Panel:
    return _panels.add((panel.page, panel.name), panel)


def registered_panels(page: str) -> list[Panel]:
    return sorted((p for p in _panels.entries() if p.page == page), key=lambda p: (p.order, p.name))


def get_panel(page: str, name: str) -> Panel | None:
    return _panels.get((page, name))


@dataclass
class RenderedPanel:
    """One panel ready for its template: `p` in the template is `data`."""

    name: str
    template: str
    data: dict[str, Any]
    group: str = ""


def build_panel(panel: Panel, *, actor: Actor, obj=None, forms=None) -> RenderedPanel | None:
    if panel.perm is not None and not actor.can(panel.perm):
        return None
    if panel.applies is not None and not panel.applies(actor, obj):
        return None
    data = panel.context(actor=actor, obj=obj, forms=forms or {})
    if data is None:
        return None
    return RenderedPanel(name=panel.name, template=panel.template, data=data, group=panel.group)


def build_panels(page: str, *, actor: Actor, obj=None, forms=None) -> list[RenderedPanel]:
    """The panels of `page` the actor may see, in order. `forms` maps a panel's name to the
    forms it shows instead of fresh ones."""
    built = []
    with page_reads():
        for panel in registered_panels(page):
            rendered = build_panel(panel, actor=actor, obj=obj, forms=(forms or {}).get(panel.name))
            if rendered is not None:
                built.append(rendered)
    return built
