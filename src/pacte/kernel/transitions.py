"""State machines as data: one transition table per lifecycle.

A table lists the moves of a lifecycle: from which states, to which state, with which
permission. The service checks its move against the table (`check`), and every face asks
the same table which moves an actor may make now (`available`): the engagement page shows
those buttons only, the API returns them as `"moves"`, the portal offers them. No status
list is written anywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import Conflict
from .permissions import Perm
from .tenancy import Actor


@dataclass(frozen=True)
class Move:
    name: str
    sources: frozenset[str]
    target: str
    perm: Perm
    label: object = ""  # a lazy translation: the button's words
    # "primary", "secondary" or "danger": how strongly the page offers it.
    tone: str = "secondary"

    def __init__(self, name, sources: Iterable[str], target, perm, label="", tone="secondary"):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "perm", perm)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "tone", tone)

    @property
    def slug(self) -> str:
        """The move as it appears in a URL: `start-closing`."""
        return self.name.replace("_", "-")


class Transitions:
    """The moves of one lifecycle, over the states of a TextChoices."""

    def __init__(self, noun, states, moves: Iterable[Move]):
        self.noun = noun  # a lazy translation: "An engagement", "A change request"…
        self.states = states
        self.moves: dict[str, Move] = {}
        for move in moves:
            unknown = (move.sources | {move.target}) - set(states.values)
            if unknown:
                raise ValueError(f"move {move.name!r} names unknown states {sorted(unknown)}")
            if move.name in self.moves:
                raise ValueError(f"move {move.name!r} is declared twice")
            self.moves[move.name] = move

    def __iter__(self):
        return iter(self.moves.values())

    def move(self, name: str) -> Move:
        return self.moves[name]

    def allowed(self, state: str, name: str) -> bool:
        move = self.moves.get(name)
        return move is not None and str(state) in move.sources

    def check(self, state: str, name: str) -> Move:
        """The move, or 409 `invalid_transition` when the table does not allow it from here."""
        move = self.moves[name]
        if str(state) not in move.sources:
            raise Conflict(
                _("%(noun)s that is “%(status)s” cannot become “%(to)s”.")
                % {
                    "noun": self.noun,
                    "status": self.states(state).label,
                    "to": self.states(move.target).label,
                },
                code="invalid_transition",
            )
        return move

    def from_state(self, state: str) -> list[Move]:
        return [m for m in self.moves.values() if str(state) in m.sources]

    def available(self, actor: Actor, state: str) -> list[Move]:
        """The moves this actor may make from `state`, in the table's order."""
        return [m for m in self.from_state(state) if actor.can(m.perm)]
