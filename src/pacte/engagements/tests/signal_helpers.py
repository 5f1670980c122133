"""Helpers shared by the tests of the health signals each app registers (kernel.signals):
measuring a signal on subjects, and counting the queries a measure costs."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.clients.models import Client
from pacte.engagements.models import Engagement
from pacte.kernel.signals import CLIENT, ENGAGEMENT, get_signal, registered_signals


def engagements(workspace, *pks):
    """The engagements to measure, as the health app passes them: a scoped queryset."""
    return Engagement.objects.in_workspace(workspace).filter(pk__in=pks)


def clients(workspace, *pks):
    return Client.objects.in_workspace(workspace).filter(pk__in=pks)


def measure(key: str, workspace, level: str, subjects, today=None) -> dict:
    """The signal `key` as registered (so a test fails when it is not) on the subjects."""
    signal = get_signal(key)
    assert signal is not None, f"{key} is not registered"
    return signal.measure(
        workspace=workspace, level=level, subjects=subjects, today=today or timezone.localdate()
    )


def queries_to_measure(key: str, workspace, level: str, subjects, today=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        measure(key, workspace, level, subjects, today)
    return len(ctx.captured_queries)


def assert_registered(key: str, rule: str, weight: int) -> None:
    """Registered under its key, with its rule and default weight, at both levels."""
    signal = get_signal(key)
    assert signal is not None, f"{key} is not registered"
    assert (signal.rule, signal.weight) == (rule, weight)
    assert str(signal.label) and str(signal.explanation)
    for level in (CLIENT, ENGAGEMENT):
        assert signal in registered_signals(level)
