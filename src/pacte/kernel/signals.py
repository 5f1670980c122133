"""Health signals: what each area contributes to the health score (DOMAIN §5).

A signal measures one explainable thing about a client or an engagement (the deposit ratio,
the silence, the SLA breaches…) and turns it into a sub-score from 0 (alarming) to 100
(healthy), with the rule behind it. The `health` app weighs the signals into a score; it
imports none of the apps that measure them. Each app registers its signals from its
`AppConfig.ready()`:

    register_signal(HealthSignal(key="silence", rule="R-SILENCE", label=_("Silence"),
                                 explanation=_("…"), weight=10, measure=measure_silence))

`measure(*, workspace, level, subjects, today)` answers for many subjects at once, in a
fixed number of queries whatever their count: `subjects` is a queryset of the clients (level
"client") or engagements (level "engagement") to measure, already scoped to the workspace;
use it as a subquery (`engagement__in=subjects.values("pk")`), never as a Python list. It
returns `{subject id: Reading}`; a subject without data is left out, and the health score
then shares that signal's weight among the others.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .panels import Registry

CLIENT = "client"
ENGAGEMENT = "engagement"
LEVELS = (CLIENT, ENGAGEMENT)


@dataclass(frozen=True)
class Reading:
    """One signal measured on one subject."""

    # The raw value as the rule measures it (a number, JSON-friendly: int, float or str).
    value: Any
    # The value in words, in the active language: "22 % of the value paid upfront".
    shown: str
    # 0 (alarming) to 100 (healthy).
    score: int
    # The member-face URL of the records behind the value ("" when there is none to show).
    evidence: str = ""

    def __post_init__(self):
        if not 0 <= self.score <= 100:
            raise ValueError(f"a sub-score is between 0 and 100, not {self.score}")


@dataclass(frozen=True)
class HealthSignal:
    key: str  # stable, used in policies, snapshots and the API: "deposit_ratio"
    rule: str  # the rule of DOMAIN.md it reads: "R-INVEST"
    label: Any  # a lazy translation: "Deposit paid upfront"
    explanation: Any  # a lazy translation: how the sub-score follows from the value
    weight: int  # the default weight, before the workspace's policy and normalising to 100
    measure: Callable[..., dict[int, Reading]]
    levels: tuple[str, ...] = LEVELS
    order: int = 100


_signals: Registry[HealthSignal] = Registry("health signal")


def register_signal(signal: HealthSignal) -> HealthSignal:
    unknown = set(signal.levels) - set(LEVELS)
    if unknown:
        raise ValueError(f"signal {signal.key!r} names unknown levels {sorted(unknown)}")
    return _signals.add((signal.key,), signal)


def registered_signals(level: str | None = None) -> list[HealthSignal]:
    """The signals in their order; those that apply to `level` when it is given."""
    signals = sorted(_signals.entries(), key=lambda s: (s.order, s.key))
    return [s for s in signals if level is None or level in s.levels]


def get_signal(key: str) -> HealthSignal | None:
    return _signals.get((key,))


def linear_score(value: float, *, healthy: float, alarming: float) -> int:
    """100 at `healthy` or better, 0 at `alarming` or worse, a straight line between. Works
    both ways: healthy may be above alarming (a ratio) or below it (days late)."""
    if healthy == alarming:
        raise ValueError("healthy and alarming must differ")
    fraction = (value - alarming) / (healthy - alarming)
    return round(100 * min(1.0, max(0.0, fraction)))


_run: ContextVar[dict | None] = ContextVar("health_run", default=None)


@contextmanager
def measuring():
    """While a run measures several levels (the daily snapshot: every client, then every
    engagement), `shared` lets a signal reuse what it computed for one level in the other
    (an engagement's reversibility is its client's). Outside, nothing is kept."""
    token = _run.set({}) if _run.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _run.reset(token)


def in_run() -> bool:
    return _run.get() is not None


def shared(key: tuple, make: Callable[[], Any]) -> Any:
    """The object kept under `key` for this run (made by `make` the first time), or a fresh
    one outside a run."""
    run = _run.get()
    if run is None:
        return make()
    if key not in run:
        run[key] = make()
    return run[key]
