"""Signals the health tests control, in place of the areas' real ones: the tests of the
weighing must not change when an area tunes its thresholds."""

from __future__ import annotations

from contextlib import contextmanager

from pacte.kernel import signals as registry
from pacte.kernel.signals import HealthSignal, Reading


def fixed_signal(key, weight, scores: dict[int, int] | None = None, *, order=1, levels=None):
    """A signal whose readings are `scores` {subject id: sub-score} (every subject scores
    `scores[0]` when 0 is a key), or {level: {subject id: sub-score}}."""

    def measure(*, workspace, level, subjects, today):
        ids = list(subjects.values_list("pk", flat=True))
        table = scores or {}
        if level in table:
            table = table[level]
        elif any(k in registry.LEVELS for k in table):
            table = {}
        found = {pk: table.get(pk, table.get(0)) for pk in ids}
        return {
            pk: Reading(value=score, shown=f"{key} is {score}", score=score, evidence="/x/")
            for pk, score in found.items()
            if score is not None
        }

    return HealthSignal(
        key=key,
        rule=f"R-{key.upper()}",
        label=key,
        explanation=f"how {key} scores",
        weight=weight,
        measure=measure,
        levels=levels or registry.LEVELS,
        order=order,
    )


@contextmanager
def only_signals(*signals):
    saved = dict(registry._signals._entries)
    registry._signals._entries.clear()
    try:
        for signal in signals:
            registry.register_signal(signal)
        yield
    finally:
        registry._signals._entries.clear()
        registry._signals._entries.update(saved)
