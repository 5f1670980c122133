"""“What to do next” on an engagement: each app contributes its own steps.

Billing says to issue or wait for the deposit and to chase overdue invoices, exchanges to write
to a silent client, decisions to get the client's decision, risks to announce a risk; this app
says to estimate and bill change requests. Each registers a source from its `AppConfig.ready()`;
the engagement page lists their steps in the sources' order. This app imports none of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from pacte.kernel.panels import Registry
from pacte.kernel.tenancy import Actor


@dataclass(frozen=True)
class NextSteps:
    name: str
    order: int
    # (actor=, engagement=, today=) -> the steps, in plain words.
    steps: Callable[..., list[str]]


_sources: Registry[NextSteps] = Registry("next-steps source")


def register_next_steps(source: NextSteps) -> NextSteps:
    return _sources.add((source.name,), source)


def next_steps_for(*, actor: Actor, engagement, today: dt.date) -> list[str]:
    steps: list[str] = []
    for source in sorted(_sources.entries(), key=lambda s: (s.order, s.name)):
        steps += source.steps(actor=actor, engagement=engagement, today=today)
    return steps
