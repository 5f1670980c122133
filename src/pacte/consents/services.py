"""Writes on the consent register (R-CONSENT, DOMAIN §7) and the reference list's export.

A consent is recorded by the provider's writers from the client's written word (a signed
document, an email, a call noted by us), or given, refused and revoked by the client's own
decision-makers in the portal. Records are never edited: a later record supersedes, and a
revocation is dated on the record it ends. A refusal stands until the client reverses it
(R-NO): no `until`, and only a later grant lifts it. Everything goes to the ledger."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.attachments.selectors import logo_of
from pacte.clients.models import Client, Contact
from pacte.clients.selectors import contact_of_client
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, PermissionDenied, full_clean_or_raise
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_choice, parse_date, require_text

from .models import Consent, ConsentMethod, ConsentScope
from .selectors import may_be_named, reference_list

# A consent is recorded within ten years of its date, and runs ten years at most: beyond
# that, a date is a typing slip ("2062"), not the client's word.
OLDEST_DAYS = 3660
LONGEST_VALIDITY_DAYS = 3660


def _as_bool(value, *, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "1", "yes", "on"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "0", "no", "off"}:
        return False
    raise InvalidInput(
        _("Say whether the client grants (true) or refuses (false)."),
        fields={field: [_("Choose yes or no.")]},
    )


def portal_decision_contact(actor: Actor) -> Contact:
    """The portal user's own contact, designated for decisions: only such a person may give,
    refuse or revoke a consent in the client's name (the contact of the client whose email is
    the portal user's). Anyone else in the portal is refused."""
    contact = None
    if actor.is_portal and actor.user is not None and actor.user.email:
        contact = (
            Contact.objects.for_actor(actor)
            .filter(client_id=actor.client_id, email__iexact=actor.user.email)
            .order_by("-for_decisions", "pk")
            .first()
        )
    if contact is None or not contact.for_decisions:
        raise PermissionDenied(
            _("Only a person designated for decisions may decide on consents."),
            code="not_a_decision_maker",
        )
    return contact


def _day(value, *, field: str, today: dt.date) -> dt.date:
    day = parse_date(value, field=field)
    if day > today:
        raise InvalidInput(
            _("This cannot be dated in the future."),
            code="in_future",
            fields={field: [_("In the future.")]},
        )
    if day < today - dt.timedelta(days=OLDEST_DAYS):
        raise InvalidInput(
            _("A consent is recorded within ten years of its date."),
            code="too_old",
            fields={field: [_("More than ten years ago.")]},
        )
    return day


def _contact_name(contact) -> str:
    return contact.full_name if contact is not None else ""


def consent_record(
    *,
    actor: Actor,
    client_id=None,
    scope: str,
    granted,
    by_contact_id=None,
    method: str = "",
    on=None,
    until=None,
    consideration: str = "",
    notes: str = "",
) -> Consent:
    """Record the client's grant or refusal on one scope (R-CONSENT). In the portal the
    client decides in person: for their own client, by their own contact, dated today,
    method "portal"; that record is the client's own written word (R-NO for a refusal)."""
    actor.require(Perm.CONSENT_RECORD)
    scope = parse_choice(scope, ConsentScope, field="scope")
    granted = _as_bool(granted, field="granted")
    today = timezone.localdate()
    contact = None
    if actor.is_portal:
        client_id = actor.client_id
        contact = portal_decision_contact(actor)
        method = ConsentMethod.PORTAL
        day = today
    else:
        method = parse_choice(method or ConsentMethod.DOCUMENT, ConsentMethod, field="method")
        if method == ConsentMethod.PORTAL:
            raise InvalidInput(
                _("Only the client's own people give a consent in the portal."),
                code="portal_method_reserved",
                fields={"method": [_("Reserved to the portal.")]},
            )
        day = _day(on, field="on", today=today)
    end = parse_date(until, field="until", required=False)
    if end is not None:
        if not granted:
            raise InvalidInput(
                _("A refusal has no end date: it stands until the client reverses it."),
                code="refusal_has_no_end",
                fields={"until": [_("Leave empty for a refusal.")]},
            )
        if end <= day:
            raise InvalidInput(
                _("The end date must come after the date of the consent."),
                code="until_before_on",
                fields={"until": [_("Before or on the date of the consent.")]},
            )
        if end > day + dt.timedelta(days=LONGEST_VALIDITY_DAYS):
            raise InvalidInput(
                _("A consent runs ten years at most."),
                code="until_too_far",
                fields={"until": [_("More than ten years after the consent.")]},
            )
    consideration = (consideration or "").strip()
    notes = (notes or "").strip()
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.all(), pk=client_id)
        if not actor.is_portal and by_contact_id not in (None, ""):
            contact = contact_of_client(actor=actor, client=client, contact_id=by_contact_id)
        consent = Consent(
            workspace=actor.workspace,
            client=client,
            scope=scope,
            granted=granted,
            by_contact=contact,
            method=method,
            given_on=day,
            until=end,
            consideration=consideration,
            notes=notes,
            recorded_by=actor.user,
        )
        full_clean_or_raise(consent)
        consent.save()
        ledger.append(
            actor=actor,
            action="consent.granted" if granted else "consent.refused",
            subject=consent,
            payload={
                "client": client.name,
                "scope": scope,
                "granted": granted,
                "by": _contact_name(contact),
                "method": method,
                "on": day,
                "until": end,
                "consideration": consideration,
                "notes": notes,
                "in_portal": actor.is_portal,
            },
        )
    return consent


def consent_revoke(
    *, actor: Actor, consent_id, on=None, by_contact_id=None, reason: str = ""
) -> Consent:
    """End a grant from `on` (R-NO: the client's withdrawal is obeyed from that day). Only a
    granted record not yet revoked, and not before the day it was given."""
    actor.require(Perm.CONSENT_RECORD)
    today = timezone.localdate()
    contact = None
    if actor.is_portal:
        contact = portal_decision_contact(actor)
        day = today
        reason = (reason or "").strip()
    else:
        day = _day(on, field="on", today=today)
        reason = require_text(reason, field="reason")
    with transaction.atomic():
        consent = actor.get_or_404(
            Consent.objects.select_for_update().select_related("client"), pk=consent_id
        )
        if not consent.granted:
            raise Conflict(
                _("A refusal is not revoked: the client reverses it by granting the scope."),
                code="refusal_not_revocable",
            )
        if consent.revoked_on is not None:
            raise Conflict(
                _("This consent was already revoked on %(date)s.") % {"date": consent.revoked_on},
                code="already_revoked",
            )
        if day < consent.given_on:
            raise InvalidInput(
                _("A consent cannot be revoked before it was given (%(date)s).")
                % {"date": consent.given_on},
                code="revoked_before_given",
                fields={"on": [_("Before the consent.")]},
            )
        if consent.until is not None and day > consent.until:
            raise Conflict(
                _("This consent already expired on %(date)s.") % {"date": consent.until},
                code="already_expired",
            )
        if not actor.is_portal and by_contact_id not in (None, ""):
            contact = contact_of_client(
                actor=actor, client=consent.client, contact_id=by_contact_id
            )
        consent.revoked_on = day
        consent.revoked_by_contact = contact
        consent.revocation_reason = reason
        full_clean_or_raise(consent)
        consent.save(update_fields=["revoked_on", "revoked_by_contact", "revocation_reason"])
        ledger.append(
            actor=actor,
            action="consent.revoked",
            subject=consent,
            payload={
                "client": consent.client.name,
                "scope": consent.scope,
                "given_on": consent.given_on,
                "on": day,
                "by": _contact_name(contact),
                "reason": reason,
                "in_portal": actor.is_portal,
            },
        )
    return consent


# --- The reference list (issue 12, item 7) ----------------------------------------------------

EXPORT_FORMATS = ("csv", "html")


def reference_list_export(*, actor: Actor, format: str = "csv") -> tuple[str, str, str]:
    """The reference list as (text, content type, file name), journaled with its hash.

    The guard (R-CONSENT) sits here, whatever the selector returned: a client whose level is
    not "may be named", or whose reference consent is not in force today, never leaves Pacte,
    whatever it signed; a logo goes out only under a logo consent in force. Always as of
    today: a list "as of" a past day would publish consents since withdrawn. The logos travel
    inside the export (the HTML embeds them, the CSV names their files), never as links into
    Pacte, which a reader outside cannot open."""
    actor.require(Perm.REFERENCE_EXPORT)
    format = parse_choice(format, _Formats, field="format")
    day = timezone.localdate()
    rows = [
        row
        for row in reference_list(actor=actor, on=day)
        if may_be_named(row.client)
        and row.reference is not None
        and row.reference.in_force_on(day)
        and row.reference.scope == ConsentScope.REFERENCE
        and row.reference.client_id == row.client.pk
    ]
    for row in rows:
        row.logo = bool(
            row.logo
            and row.logo_consent is not None
            and row.logo_consent.scope == ConsentScope.LOGO
            and row.logo_consent.client_id == row.client.pk
            and row.logo_consent.in_force_on(day)
        )
    logos = logo_of(actor=actor, client_ids=[row.client.pk for row in rows if row.logo])
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["name", "city", "logo", "logo_file", "reference_until"])
        for row in rows:
            logo = logos.get(row.client.pk) if row.logo else None
            writer.writerow(
                [
                    _csv_safe(row.client.name),
                    _csv_safe(row.client.city),
                    "yes" if row.logo else "no",
                    _csv_safe(logo.name if logo else ""),
                    row.reference.until.isoformat() if row.reference.until else "",
                ]
            )
        text, content_type = buffer.getvalue(), "text/csv; charset=utf-8"
    else:
        for row in rows:
            logo = logos.get(row.client.pk) if row.logo else None
            row.logo_src = _data_uri(logo) if logo else ""
        text = render_to_string("consents/references_export.html", {"rows": rows, "on": day})
        content_type = "text/html; charset=utf-8"
    digest = hashlib.sha256(text.encode()).hexdigest()
    ledger.append(
        actor=actor,
        action="references.exported",
        subject=actor.workspace,
        payload={
            "format": format,
            "on": day,
            "clients": [row.client.name for row in rows],
            "logos": [row.client.name for row in rows if row.logo],
            "sha256": digest,
        },
    )
    return text, content_type, f"references-{day.isoformat()}.{format}"


class _Formats:
    values = EXPORT_FORMATS


# A logo embedded in the HTML export: a page meant to be published stands on its own.
LOGO_EMBED_MAX_BYTES = 512 * 1024


def _data_uri(attachment) -> str:
    """The logo as a data: URI, or "" when it is too large to embed (its consent still shows
    in the CSV, with its file's name)."""
    if attachment.size > LOGO_EMBED_MAX_BYTES:
        return ""
    with attachment.file.open("rb") as stream:
        data = stream.read(LOGO_EMBED_MAX_BYTES + 1)
    return f"data:{attachment.content_type};base64,{base64.b64encode(data).decode()}"


def _csv_safe(value: str) -> str:
    """No formula injection in a spreadsheet: a cell that starts like a formula is quoted."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value
