"""Helpers for the tests of each area's reminder kinds: what a kind finds in a workspace, what
that costs in queries, and its message in one language."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pacte.kernel.models import Workspace
from pacte.kernel.tenancy import Actor
from pacte.reminders.kinds import Due, Message, reminder_kind


def find(world, key: str, today: dt.date, workspace=None) -> list[Due]:
    """What the kind `key` finds due on `today` in the world's workspace (or `workspace`)."""
    return list(reminder_kind(key).find_due(Actor.system(workspace or world.workspace), today))


def queries(world, key: str, today: dt.date) -> int:
    """What a scan of the workspace costs, read afresh as the scan reads it (nothing cached
    on the workspace object, such as its business calendar)."""
    workspace = Workspace.objects.get(pk=world.workspace.pk)
    with CaptureQueriesContext(connection) as ctx:
        find(world, key, today, workspace=workspace)
    return len(ctx.captured_queries)


def message(key: str, due: Due, language: str) -> Message:
    with translation.override(language):
        return reminder_kind(key).message(due)
