"""The health score (DOMAIN §5): explainable signals, weighed into a score from 0 to 100.

Each area measures its own signals (`kernel.signals`); this module only weighs them:

- the workspace's policy gives each signal a weight (`Workspace.health_weights`, the signal's
  default otherwise; 0 turns it off);
- a signal without data for a subject is left out and its weight shared among the others:
  the weights of the signals that remain are normalised to 100;
- the score is the weighted mean of their sub-scores; no signal with data, no score;
- bands: at most 50 is red, 51–75 amber, above 75 green.

A score is never shown without its reasons: `Health.signals` lists each signal's weight, raw
value, sub-score and rule, and every face shows them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pacte.kernel.signals import HealthSignal, Reading, registered_signals

from .models import Band

# Raised when the way signals are weighed changes, so that snapshots say which rules made them.
SCORING_VERSION = "1"
RED_AT_MOST = 50
AMBER_AT_MOST = 75


def band_of(score: int | None) -> str | None:
    if score is None:
        return None
    if score <= RED_AT_MOST:
        return Band.RED
    if score <= AMBER_AT_MOST:
        return Band.AMBER
    return Band.GREEN


def policy_weights(workspace, level: str) -> dict[str, int]:
    """{signal key: weight} of the signals of `level`, as the workspace's policy sets them
    (their default weight where it says nothing)."""
    chosen = workspace.health_weights or {}
    weights = {}
    for signal in registered_signals(level):
        weight = chosen.get(signal.key, signal.weight)
        weights[signal.key] = weight if isinstance(weight, int) and weight >= 0 else signal.weight
    return weights


def rules_version(workspace) -> str:
    """A short fingerprint of the signals, their rules and the workspace's weights."""
    described = [
        (s.key, s.rule, s.levels, (workspace.health_weights or {}).get(s.key, s.weight))
        for s in registered_signals()
    ]
    digest = hashlib.sha256(json.dumps([SCORING_VERSION, described], default=list).encode())
    return f"{SCORING_VERSION}-{digest.hexdigest()[:12]}"


def shares_of_100(weights: dict[str, int]) -> dict[str, int]:
    """Weights normalised to whole numbers that add up to exactly 100 (largest remainder),
    so that what a page shows adds up."""
    total = sum(weights.values())
    if total <= 0:
        return dict.fromkeys(weights, 0)
    exact = {key: weight * 100 / total for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    left = 100 - sum(shares.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - shares[k]), k))[:left]:
        shares[key] += 1
    return shares


LEVELS = {Band.RED: "bad", Band.AMBER: "warn", Band.GREEN: "ok"}


@dataclass(slots=True)
class SignalResult:
    """One reason of a score: the signal, its share of the score and what it measured."""

    signal: HealthSignal
    weight: int  # normalised: the weights of a score's signals add up to 100
    reading: Reading

    @property
    def key(self) -> str:
        return self.signal.key

    @property
    def rule(self) -> str:
        return self.signal.rule

    @property
    def label(self):
        return self.signal.label

    @property
    def explanation(self):
        return self.signal.explanation

    @property
    def value(self):
        return self.reading.value

    @property
    def shown(self) -> str:
        return self.reading.shown

    @property
    def score(self) -> int:
        return self.reading.score

    @property
    def evidence(self) -> str:
        return self.reading.evidence

    @property
    def level(self) -> str:
        return LEVELS[band_of(self.reading.score)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": str(self.label),
            "weight": self.weight,
            "value": self.value,
            "shown": self.shown,
            "score": self.score,
            "rule": self.rule,
            "explanation": str(self.explanation),
            "evidence": self.evidence,
        }


class Health:
    """A subject's score and its reasons. The reasons (`signals`) are put together when a
    face asks for them: a run over every client and engagement needs the scores first."""

    __slots__ = ("_layout", "_readings", "_results", "_signals", "score")

    def __init__(self, score, readings, layout, signals):
        self.score: int | None = score
        self._readings = readings
        self._layout = layout  # (counted weights, total, shares, without data), per run
        self._signals = signals
        self._results: list[SignalResult] | None = None

    @property
    def signals(self) -> list[SignalResult]:
        if self._results is None:
            counted, _total, shares, _without = self._layout
            self._results = [
                SignalResult(
                    signal=self._signals[key], weight=shares[key], reading=self._readings[key]
                )
                for key in counted
            ]
        return self._results

    @property
    def without_data(self) -> list[HealthSignal]:
        """Signals of the policy that had no data here (their weight went to the others)."""
        return list(self._layout[3])

    @property
    def band(self) -> str | None:
        return band_of(self.score)

    @property
    def level(self) -> str:
        """The stylesheet's word for the band: bad, warn or ok."""
        return LEVELS.get(self.band, "neutral")

    @property
    def band_label(self) -> str:
        return str(Band(self.band).label) if self.band else ""

    def reasons(self) -> list[dict[str, Any]]:
        return [s.as_dict() for s in self.signals]


def weigh(
    readings: dict[str, Reading],
    weights: dict[str, int],
    signals: dict[str, HealthSignal] | None = None,
    layouts: dict | None = None,
) -> Health:
    """One subject's score from its readings {signal key: Reading} and the policy's weights
    {signal key: weight}, in the signals' order. `signals` (key → signal, in order) and
    `layouts` (a dict kept across the subjects of one run) save working out the same shares
    again for each of thousands of subjects: they depend only on which signals have data."""
    if signals is None:
        signals = {s.key: s for s in registered_signals()}
    present = tuple(key for key in signals if key in readings and weights.get(key, 0) > 0)
    layout = layouts.get(present) if layouts is not None else None
    if layout is None:
        counted = {key: weights[key] for key in present}
        without = tuple(
            signal
            for key, signal in signals.items()
            if weights.get(key, 0) > 0 and key not in readings
        )
        layout = (counted, sum(counted.values()), shares_of_100(counted), without)
        if layouts is not None:
            layouts[present] = layout
    counted, total, _shares, _without = layout
    if total <= 0:
        return Health(None, readings, layout, signals)
    exact = sum(weight * readings[key].score for key, weight in counted.items()) / total
    return Health(round(exact), readings, layout, signals)


def measure_health(
    *, workspace, level: str, subjects, today: dt.date, ids: list[int] | None = None
) -> dict[int, Health]:
    """The health of every subject of the queryset `subjects` (clients or engagements of
    `workspace`): each signal is measured once for all of them, in its fixed number of
    queries, so the cost does not depend on how many subjects there are."""
    weights = policy_weights(workspace, level)
    if ids is None:  # `ids` saves a query when the caller knows them (one page's subject)
        ids = list(subjects.values_list("pk", flat=True))
    per_subject: dict[int, dict[str, Reading]] = {pk: {} for pk in ids}
    for signal in registered_signals(level):
        if weights.get(signal.key, 0) <= 0:
            continue
        measured = signal.measure(workspace=workspace, level=level, subjects=subjects, today=today)
        for pk, reading in measured.items():
            if pk in per_subject:
                per_subject[pk][signal.key] = reading
    in_order = {s.key: s for s in registered_signals(level)}
    layouts: dict = {}
    return {pk: weigh(readings, weights, in_order, layouts) for pk, readings in per_subject.items()}
