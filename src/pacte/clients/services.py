"""Writes on clients and their contacts."""

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, full_clean_or_raise
from pacte.kernel.models import Member
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_choice

from .models import Client, Confidentiality, Contact

PROFILE_FIELDS = (
    "city",
    "preferred_channel",
    "report_frequency",
    "language",
    "decision_style",
    "expectations",
    "notes",
)
CONTACT_FIELDS = (
    "full_name",
    "job_title",
    "email",
    "phone",
    "for_decisions",
    "for_operations",
    "for_billing",
)


def _refuse_unknown(values: dict, allowed) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise InvalidInput(
            _("Unknown field(s): %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )


def _clean(value):
    """Text as typed, without the surrounding blanks: "   " is no name (nor city, nor email)."""
    return value.strip() if isinstance(value, str) else value


def _refuse_duplicate_name(actor: Actor, name: str, exclude_pk=None) -> None:
    # Compared as the unique constraint compares (SQL lower() on both sides), which lets the
    # (workspace, lower(name)) index answer: an import of thousands of clients checks each
    # by the index, not by a scan of every client.
    qs = (
        Client.objects.for_actor(actor)
        .alias(lower_name=Lower("name"))
        .filter(lower_name=Lower(Value(name)))
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        message = _("A client named “%(name)s” already exists.") % {"name": name}
        raise Conflict(message, code="client_exists", fields={"name": [message]})


def client_create(
    *, actor: Actor, name: str, confidentiality: str = Confidentiality.ANONYMISED, **profile
) -> Client:
    actor.require(Perm.CLIENT_EDIT)
    _refuse_unknown(profile, PROFILE_FIELDS)
    name = (name or "").strip()
    confidentiality = parse_choice(
        confidentiality or Confidentiality.ANONYMISED, Confidentiality, field="confidentiality"
    )
    client = Client(
        workspace=actor.workspace,
        name=name,
        confidentiality=confidentiality,
        **{
            k: (_clean(v) or "") if k != "language" else (_clean(v) or "fr")
            for k, v in profile.items()
        },
    )
    # Validation runs before any query: a 1 MB name must not reach the duplicate check.
    full_clean_or_raise(client, validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        _refuse_duplicate_name(actor, name)
        full_clean_or_raise(client)
        client.save()
        payload = {"name": client.name}
        if confidentiality != Confidentiality.ANONYMISED:
            payload["confidentiality"] = confidentiality
        ledger.append(actor=actor, action="client.created", subject=client, payload=payload)
    return client


def client_update(*, actor: Actor, client_id: int, **changes) -> Client:
    """Rename a client or change its profile; only the fields given change. A change of the
    confidentiality level (R-CONSENT) goes to the ledger: it decides what may leave Pacte."""
    actor.require(Perm.CLIENT_EDIT)
    _refuse_unknown(changes, ("name", "confidentiality", "responsible", *PROFILE_FIELDS))
    responsible_given = "responsible" in changes
    responsible_id = changes.pop("responsible", None)
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
    if "confidentiality" in changes:
        changes["confidentiality"] = parse_choice(
            changes["confidentiality"], Confidentiality, field="confidentiality"
        )
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.select_for_update(), pk=client_id)
        level_before = client.confidentiality
        if responsible_given:
            responsible = _member_of(actor, responsible_id)
            if client.responsible_id != (responsible.pk if responsible else None):
                client.responsible = responsible
                changes["responsible"] = responsible
                ledger.append(
                    actor=actor,
                    action="client.responsible_changed",
                    subject=client,
                    payload={
                        "client": client.name,
                        "member": responsible.user.email if responsible else None,
                    },
                )
        for field, value in changes.items():
            if field != "responsible":
                setattr(client, field, _clean(value) if value is not None else "")
        # The fields' own rules (length, choices) before the duplicate-name query.
        full_clean_or_raise(client, validate_unique=False, validate_constraints=False)
        if "name" in changes:
            _refuse_duplicate_name(actor, changes["name"], exclude_pk=client.pk)
        full_clean_or_raise(client)
        client.save(update_fields=list(changes))
        if client.confidentiality != level_before:
            ledger.append(
                actor=actor,
                action="client.confidentiality_changed",
                subject=client,
                payload={
                    "client": client.name,
                    "from": level_before,
                    "to": client.confidentiality,
                },
            )
    return client


def _member_of(actor: Actor, member_id) -> Member | None:
    """The workspace's member `member_id` (None for none), or a refusal on `responsible`."""
    if member_id in (None, ""):
        return None
    member = (
        Member.objects.for_actor(actor).filter(pk=member_id).first()
        if str(member_id).isdigit()
        else None
    )
    if member is None:
        message = _("Choose a member of this workspace.")
        raise InvalidInput(message, fields={"responsible": [message]})
    return member


def contact_create(*, actor: Actor, client_id: int, full_name: str, **fields) -> Contact:
    actor.require(Perm.CLIENT_EDIT)
    _refuse_unknown(fields, CONTACT_FIELDS)
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.all(), pk=client_id)
        contact = Contact(
            workspace=actor.workspace,
            client=client,
            full_name=(full_name or "").strip(),
            **{k: _clean(v) for k, v in fields.items()},
        )
        full_clean_or_raise(contact)
        contact.save()
        ledger.append(
            actor=actor,
            action="contact.added",
            subject=contact,
            payload={
                "client": client.name,
                "name": contact.full_name,
                "decisions": contact.for_decisions,
                "operations": contact.for_operations,
                "billing": contact.for_billing,
            },
        )
    return contact


def contact_update(*, actor: Actor, contact_id: int, **changes) -> Contact:
    actor.require(Perm.CLIENT_EDIT)
    _refuse_unknown(changes, CONTACT_FIELDS)
    with transaction.atomic():
        contact = actor.get_or_404(Contact.objects.select_for_update(), pk=contact_id)
        designations_before = (contact.for_decisions, contact.for_operations, contact.for_billing)
        for field, value in changes.items():
            setattr(contact, field, _clean(value))
        full_clean_or_raise(contact)
        contact.save(update_fields=list(changes))
        designations = (contact.for_decisions, contact.for_operations, contact.for_billing)
        if designations != designations_before:
            ledger.append(
                actor=actor,
                action="contact.designations_changed",
                subject=contact,
                payload={
                    "name": contact.full_name,
                    "decisions": designations[0],
                    "operations": designations[1],
                    "billing": designations[2],
                },
            )
    return contact
