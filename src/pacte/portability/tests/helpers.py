"""A demo workspace with a row in every exported model, and zips read back for comparison."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

from django.db import transaction

from pacte.billing.models import SettlementAdjustment
from pacte.demo.loader import load_demo
from pacte.engagements.models import Engagement
from pacte.health.services import health_snapshot_take
from pacte.kernel.models import Member, Workspace
from pacte.kernel.permissions import Role
from pacte.kernel.tenancy import Actor
from pacte.portability.services import workspace_export
from pacte.portability.spec import exported
from pacte.reminders.services import reminder_language_set, reminder_preference_set
from pacte.support.models import Sla, SlaMeasurement, SupportRequest, SupportRequestWait
from pacte.workspace.services import closure_day_add


def owner_actor(workspace: Workspace) -> Actor:
    member = Member.objects.filter(workspace=workspace, role=Role.OWNER).select_related("user")
    return Actor(workspace=workspace, role=Role.OWNER, user=member.first().user)


def demo_with_every_model() -> Workspace:
    """The demo, plus one row of each model the demo leaves empty (written directly where
    the service needs a long story first: the export copies rows, it does not judge them)."""
    workspace = load_demo()
    actor = owner_actor(workspace)
    closure_day_add(actor=actor, date="2026-12-24", label="Réveillon")
    reminder_preference_set(actor=actor, kind="billing.invoice_overdue", delivery="weekly")
    reminder_language_set(actor=actor, language="en")
    health_snapshot_take(actor=actor)
    engagement = Engagement.objects.filter(workspace=workspace).order_by("pk").first()
    SettlementAdjustment.objects.create(
        workspace=workspace,
        engagement=engagement,
        kind="write_off",
        amount=Decimal("120.50"),
        currency="EUR",
        reason="Geste commercial",
        recorded_on=dt.date(2026, 11, 2),
        recorded_by=actor.user,
    )
    sla = Sla.objects.filter(workspace=workspace).first()
    SlaMeasurement.objects.create(
        workspace=workspace,
        sla=sla,
        period_start=dt.date(2026, 10, 1),
        value_percent=Decimal("99.80"),
        recorded_by=actor.user,
    )
    request = SupportRequest.objects.filter(workspace=workspace).order_by("pk").first()
    SupportRequestWait.objects.create(
        workspace=workspace,
        request=request,
        started_at=dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC),
        ended_at=dt.datetime(2026, 11, 4, 14, 0, tzinfo=dt.UTC),
    )
    return workspace


def export_bytes(workspace: Workspace) -> bytes:
    out = io.BytesIO()
    with transaction.atomic():
        workspace_export(actor=owner_actor(workspace), out=out)
    return out.getvalue()


def files_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def manifest_of(data: bytes) -> dict:
    return json.loads(files_of(data)["manifest.json"])


def rewritten(data: bytes, changes: dict[str, bytes | None], *, rehash=False) -> bytes:
    """The zip with some files replaced (None removes one); with `rehash`, the manifest's
    hashes follow, as a forger would make them."""
    files = files_of(data)
    for name, content in changes.items():
        if content is None:
            files.pop(name, None)
        else:
            files[name] = content
    if rehash:
        manifest = json.loads(files["manifest.json"])
        import hashlib

        manifest["files"] = {
            name: hashlib.sha256(content).hexdigest()
            for name, content in sorted(files.items())
            if name != "manifest.json"
        }
        files["manifest.json"] = json.dumps(manifest).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def exported_labels_in_order() -> list[str]:
    return [spec.label for spec in exported()]
