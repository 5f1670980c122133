"""Writes on the asset registry and the action log."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.clients.models import Client
from pacte.engagements.models import Engagement
from pacte.kernel import ledger
from pacte.kernel.errors import InvalidInput, full_clean_or_raise
from pacte.kernel.money import parse_amount
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_choice, parse_date, parse_int, require_text

from .models import ActionLogEntry, Asset, AssetKind, Licence, Party, RenewalPeriod
from .renewals import DEADLINE_STATE_FIELDS, deadline_state
from .secrets import secret_kind

TEXT_FIELDS = ("identifier", "vendor", "third_party_name", "credentials_reference", "notes")
ASSET_FIELDS = (
    *TEXT_FIELDS,
    "kind",
    "legal_owner",
    "payer",
    "client_has_admin",
    "we_have_admin",
    "licence",
    "renewal_date",
    "renewal_period",
    "auto_renew",
    "notice_days",
    "cost",
    "currency",
    "last_verified_on",
)


SECRET_KIND_LABELS = {
    "private_key": gettext_lazy("a private key"),
    "api_key": gettext_lazy("an API key"),
    "password": gettext_lazy("a password"),
    "token": gettext_lazy("a token or generated password"),
}


def refuse_secrets(values: dict) -> None:
    """Pacte never stores secrets: point to where they live instead."""
    for field in TEXT_FIELDS:
        kind = secret_kind(str(values.get(field) or ""))
        if kind:
            raise InvalidInput(
                _(
                    "This looks like a secret (%(kind)s). Pacte never stores secrets: keep it in "
                    "the client's password manager and write here only where it is, e.g. "
                    "“client's password manager, entry Hosting”."
                )
                % {"kind": SECRET_KIND_LABELS.get(kind, kind)},
                code="secret_refused",
                fields={field: [_("Write where the credential lives, not the credential.")]},
            )


def _clean(values: dict) -> dict:
    unknown = set(values) - set(ASSET_FIELDS)
    if unknown:
        raise InvalidInput(
            _("Unknown field(s): %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    out = dict(values)
    for field in TEXT_FIELDS:
        if field in out:
            out[field] = (out[field] or "").strip()
    if "kind" in out:
        out["kind"] = parse_choice(out["kind"], AssetKind, field="kind")
    for field in ("legal_owner", "payer"):
        if field in out:
            out[field] = parse_choice(out[field], Party, field=field)
    for field in ("licence", "vendor", "third_party_name", "credentials_reference", "notes"):
        if field in out and out[field] is None:
            out[field] = ""  # a cleared text field, never NULL
    if out.get("licence"):
        out["licence"] = parse_choice(out["licence"], Licence, field="licence")
    if "renewal_period" in out:
        out["renewal_period"] = parse_choice(
            out["renewal_period"], RenewalPeriod, field="renewal_period"
        )
    for field in ("renewal_date", "last_verified_on"):
        if field in out:
            out[field] = parse_date(out[field], field=field, required=False)
    if out.get("last_verified_on") and out["last_verified_on"] > timezone.localdate():
        raise InvalidInput(
            _("An asset cannot be verified in the future."),
            fields={"last_verified_on": [_("In the future.")]},
        )
    if out.get("cost") not in (None, ""):
        out["cost"] = parse_amount(out["cost"], field="cost", allow_zero=True)
    elif "cost" in out:
        out["cost"] = None
    if "notice_days" in out:
        raw = out["notice_days"]
        if raw is None:
            raise InvalidInput(
                _("Give the notice period in days (0 when there is none)."),
                fields={"notice_days": [_("This field is required.")]},
            )
        # 3.7 days is not a notice period: refused rather than cut to 3.
        out["notice_days"] = parse_int(
            raw,
            field="notice_days",
            minimum=0,
            maximum=730,
            message=_("The notice period is a number of days between 0 and 730."),
            field_message=_("Between 0 and 730."),
        )
    refuse_secrets(out)
    return out


def asset_create(*, actor: Actor, client_id: int, kind: str, identifier: str, **fields) -> Asset:
    actor.require(Perm.ASSET_EDIT)
    values = _clean(
        {
            "kind": kind,
            "identifier": require_text(identifier, field="identifier", max_length=255),
            **fields,
        }
    )
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.all(), pk=client_id)
        asset = Asset(workspace=actor.workspace, client=client, **values)
        full_clean_or_raise(asset)
        asset.save()
        ledger.append(
            actor=actor,
            action="asset.registered",
            subject=asset,
            payload={
                "client": client.name,
                "kind": asset.kind,
                "identifier": asset.identifier,
                "legal_owner": asset.legal_owner,
                "client_has_admin": asset.client_has_admin,
                "we_have_admin": asset.we_have_admin,
            },
        )
    return asset


def asset_update(*, actor: Actor, asset_id: int, **changes) -> Asset:
    """Change what the registry says of an asset; who owns and controls it is journaled."""
    actor.require(Perm.ASSET_EDIT)
    values = _clean(changes)
    with transaction.atomic():
        asset = actor.get_or_404(Asset.objects.select_for_update(), pk=asset_id)
        control = ("legal_owner", "payer", "client_has_admin", "we_have_admin", "licence")
        before = {f: getattr(asset, f) for f in control}
        for field, value in values.items():
            setattr(asset, field, value)
        full_clean_or_raise(asset)
        asset.save(update_fields=list(values) or None)
        after = {f: getattr(asset, f) for f in control}
        if after != before:
            ledger.append(
                actor=actor,
                action="asset.control_changed",
                subject=asset,
                payload={"identifier": asset.identifier, "from": before, "to": after},
            )
    return asset


def asset_verify(*, actor: Actor, asset_id: int, verified_on=None) -> Asset:
    """Record that someone checked the asset's facts today (or on `verified_on`)."""
    return asset_update(
        actor=actor, asset_id=asset_id, last_verified_on=verified_on or timezone.localdate()
    )


def deadline_states_refresh(*, actor: Actor, today=None, batch_size: int = 2000) -> int:
    """R-DEADLINE: recompute, as of today, the stored deadline state of the workspace's
    assets whose state has run out (a renewal or cancel-by date passed), was never computed,
    or was computed after today. Returns how many rows were rewritten.

    Run it nightly: the deadline lists are exact without it (such rows are computed in
    Python as they are read), it keeps them few. Derived data: not journaled."""
    actor.require(Perm.ASSET_EDIT)
    today = today or timezone.localdate()
    run_out = (
        Q(deadline_as_of__isnull=True)
        | Q(deadline_as_of__gt=today)
        | Q(deadline_state_until__lt=today)
        | Q(next_renewal_on__lt=today)
    )
    terms = ("pk", "renewal_date", "renewal_period", "auto_renew", "notice_days")
    # Read first, then write: SQLite does not promise a read still running over rows
    # that the same connection changes.
    rows = list(Asset.objects.for_actor(actor).filter(run_out).order_by().values_list(*terms))
    ops = connection.ops
    table = ops.quote_name(Asset._meta.db_table)
    columns = [Asset._meta.get_field(name) for name in DEADLINE_STATE_FIELDS]
    assignments = ", ".join(f"{ops.quote_name(f.column)} = %s" for f in columns)
    # One statement run per row (executemany): bulk_update's CASE per column and row takes
    # seconds for thousands of rows. The ids come from the scoped query above.
    sql = f"UPDATE {table} SET {assignments} WHERE {ops.quote_name('id')} = %s"  # noqa: S608
    params = []
    for pk, renewal, period, auto, notice in rows:
        state = deadline_state(renewal, period, auto, notice, as_of=today).as_fields()
        values = [f.get_db_prep_value(state[f.name], connection) for f in columns]
        params.append((*values, pk))
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(params), batch_size):
            cursor.executemany(sql, params[start : start + batch_size])
    return len(rows)


def action_log(
    *,
    actor: Actor,
    client_id: int,
    what: str,
    done_on=None,
    why: str = "",
    result: str = "",
    asset_id=None,
    engagement_id=None,
) -> ActionLogEntry:
    """R-OWN 11: document an action taken for the client."""
    actor.require(Perm.ACTION_LOG)
    what = require_text(what, field="what", max_length=300)
    day = parse_date(done_on, field="done_on", required=False) or timezone.localdate()
    if day > timezone.localdate():
        raise InvalidInput(
            _("An action cannot be dated in the future."), fields={"done_on": [_("In the future.")]}
        )
    refuse_secrets({"notes": f"{what} {why} {result}"})
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.all(), pk=client_id)
        asset = engagement = None
        if asset_id not in (None, ""):
            asset = actor.get_or_404(Asset.objects.filter(client=client), pk=asset_id)
        if engagement_id not in (None, ""):
            engagement = actor.get_or_404(
                Engagement.objects.filter(client=client), pk=engagement_id
            )
        entry = ActionLogEntry(
            workspace=actor.workspace,
            client=client,
            asset=asset,
            engagement=engagement,
            done_on=day,
            what=what,
            why=(why or "").strip(),
            result=(result or "").strip(),
            author=actor.user,
        )
        full_clean_or_raise(entry)
        entry.save()
    return entry
