from typing import Any

from ninja import Schema
from pydantic import Field

from pacte.kernel.api_schema import integer


class SignalOut(Schema):
    key: str
    label: str
    weight: int = Field(description="The signal's share of the score; the weights add up to 100.")
    value: Any = Field(description="The raw value, as the rule measures it.")
    shown: str = Field(description="The value in words, in the caller's language.")
    score: int = Field(description="The signal's sub-score, 0 (alarming) to 100 (healthy).")
    rule: str = Field(description="The rule of the specification behind it (R-INVEST…).")
    explanation: str
    evidence: str = Field(description="The page of the records behind the value.")


class HealthOut(Schema):
    score: int | None = Field(description="0–100; null when no signal has data yet.")
    band: str | None = Field(description="red (≤ 50), amber (51–75) or green (> 75).")
    signals: list[SignalOut]
    without_data: list[str] = Field(
        description="Signals left out for lack of data; their weight went to the others."
    )


class TrendPointOut(Schema):
    taken_on: str
    score: int


class TrendOut(Schema):
    days: int
    points: list[TrendPointOut]


class WeightOut(Schema):
    key: str
    label: str
    rule: str
    levels: list[str]
    default_weight: int
    weight: int


class WeightsOut(Schema):
    signals: list[WeightOut]


class WeightsIn(Schema):
    weights: dict[str, integer(minimum=0, maximum=100)] = Field(
        description="{signal key: weight from 0 to 100}. Weights are normalised to 100 when a "
        "score is computed; 0 leaves a signal out. A signal not given keeps its weight."
    )


def health_out(health) -> dict:
    return {
        "score": health.score,
        "band": health.band,
        "signals": health.reasons(),
        "without_data": [s.key for s in health.without_data],
    }
