"""The global search: one read, the same for the page, the header and the API.

One query per kind of result the actor may search (five for a member, two for a portal user),
whatever the size of the workspace: each source asks SQL for its best `limit_per_kind + 1`
rows (the extra row only says that there are more). Matching is a case-insensitive
`icontains`; a query is 2 to 100 characters once trimmed, so a stray keystroke or a pasted
page never becomes a scan of every row with a 60,000-character pattern.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from pacte.kernel.api_schema import ONE_LINE_REFUSED
from pacte.kernel.errors import InvalidInput
from pacte.kernel.tenancy import Actor

from .registry import Result, sources_for

MIN_LENGTH = 2
MAX_LENGTH = 100
LIMIT_PER_KIND = 8


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    results: list[Result]
    more: bool  # more rows match than are shown: the person should type more


@dataclass(frozen=True)
class SearchResults:
    query: str
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(len(g.results) for g in self.groups)


def clean_query(query) -> str:
    """The query, trimmed, or InvalidInput saying what to change (never a server error)."""
    if ONE_LINE_REFUSED.search(query or ""):
        raise InvalidInput(
            _("The search contains a character that cannot be searched for."),
            code="query_invalid",
            fields={"q": [str(_("Remove the invisible characters and try again."))]},
        )
    text = (query or "").strip()
    if len(text) > MAX_LENGTH:
        message = _("A search is limited to %(max)d characters: shorten it.") % {"max": MAX_LENGTH}
        raise InvalidInput(message, code="query_too_long", fields={"q": [message]})
    if len(text) < MIN_LENGTH:
        message = _("Type at least %(min)d characters to search.") % {"min": MIN_LENGTH}
        raise InvalidInput(message, code="query_too_short", fields={"q": [message]})
    return text


def search(*, actor: Actor, query, limit_per_kind: int = LIMIT_PER_KIND) -> SearchResults:
    """What the actor may see that matches the query, grouped by kind, best matches first.

    Each source is scoped with `for_actor`: another workspace's rows never appear, and a
    portal user searches only their own client's engagements and invoices. Kinds with no
    match are left out.
    """
    text = clean_query(query)
    limit = max(1, min(int(limit_per_kind), 50))
    groups = []
    for source in sources_for(actor):
        rows = list(source.rows(actor, text)[: limit + 1])
        if rows:
            groups.append(
                Group(
                    kind=source.kind,
                    label=str(source.label),
                    results=[source.result(actor, row) for row in rows[:limit]],
                    more=len(rows) > limit,
                )
            )
    return SearchResults(query=text, groups=groups)
