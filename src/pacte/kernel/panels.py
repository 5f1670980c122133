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

from collections.abc import Callable, Iterable
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


_panels: Registry[Panel] = Registry("panel")


def once_per_page(obj, key: str, compute: Callable[[], Any]):
    """Read once per page: the panels of one page share what one of them loaded, kept on the
    page's object (an engagement, a client) for the length of the request."""
    cache = obj.__dict__.setdefault("_page_reads", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


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


def build_panel(panel: Panel, *, actor: Actor, obj=None, forms=None) -> RenderedPanel | None:
    if panel.perm is not None and not actor.can(panel.perm):
        return None
    if panel.applies is not None and not panel.applies(actor, obj):
        return None
    data = panel.context(actor=actor, obj=obj, forms=forms or {})
    if data is None:
        return None
    return RenderedPanel(name=panel.name, template=panel.template, data=data)


def build_panels(
    page: str, *, actor: Actor, obj=None, forms=None, only: Iterable[str] | None = None
) -> list[RenderedPanel]:
    """The panels of `page` the actor may see, in order. `forms` maps a panel's name to the
    forms it shows instead of fresh ones."""
    wanted = set(only) if only is not None else None
    built = []
    for panel in registered_panels(page):
        if wanted is not None and panel.name not in wanted:
            continue
        rendered = build_panel(panel, actor=actor, obj=obj, forms=(forms or {}).get(panel.name))
        if rendered is not None:
            built.append(rendered)
    return built
