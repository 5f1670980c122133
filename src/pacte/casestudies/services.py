"""Writes on case studies, and the export: the guard of R-CONSENT sits here, not in a page.

`case_study_export` refuses a confidential client's story in every mode (409
`confidential_client`); names the client only under its level and a consent in force for
each scope the text uses (409 `consent_missing`, naming the scopes); otherwise anonymises,
renders, reads the rendering back as its reader would, re-scans it with the same deny-list
and patterns, and refuses on any hit (409 `identity_leak`, naming the spans). Each approved
text's SHA-256 goes to the ledger."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pacte.clients.models import Contact
from pacte.engagements.models import Engagement
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, full_clean_or_raise
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from . import render
from .anonymiser import Span, scan
from .models import CaseStudy, ExportFormat, ExportMode
from .selectors import anonymised_story, deny_list_for, publication

FIELDS = ("title", "body", "results", "testimonial", "testimonial_by_id", "descriptor")
CONTENT_TYPES = {
    ExportFormat.MARKDOWN: "text/markdown; charset=utf-8",
    ExportFormat.HTML: "text/html; charset=utf-8",
    ExportFormat.ODT: "application/vnd.oasis.opendocument.text",
}


def _as_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


def _contact_of(actor: Actor, client_id: int, contact_id) -> Contact | None:
    if contact_id in (None, ""):
        return None
    contact = Contact.objects.for_actor(actor).filter(pk=_as_id(contact_id)).first()
    if contact is None:
        raise NotFound()
    if contact.client_id != client_id:
        raise InvalidInput(
            _("This contact is not one of the client's."),
            code="contact_of_another_client",
            fields={"testimonial_by_id": [_("Not a contact of this client.")]},
        )
    return contact


def _clean(value) -> str:
    return (value or "").strip()


def case_study_create(
    *,
    actor: Actor,
    engagement_id,
    title: str,
    body: str,
    descriptor: str = "",
    results: str = "",
    testimonial: str = "",
    testimonial_by_id=None,
) -> CaseStudy:
    """Write a case study from an engagement (a draft: nothing leaves Pacte until export)."""
    actor.require(Perm.CASE_STUDY_EDIT)
    with transaction.atomic():
        engagement = actor.get_or_404(Engagement.objects.select_related("client"), pk=engagement_id)
        study = CaseStudy(
            workspace=actor.workspace,
            engagement=engagement,
            client=engagement.client,
            title=_clean(title),
            body=_clean(body),
            results=_clean(results),
            testimonial=_clean(testimonial),
            testimonial_by=_contact_of(actor, engagement.client_id, testimonial_by_id),
            descriptor=_clean(descriptor),
            created_by=actor.user,
            updated_by=actor.user,
        )
        full_clean_or_raise(study)
        study.save()
        ledger.append(
            actor=actor,
            action="casestudy.created",
            subject=study,
            payload={"engagement": engagement.title, "title": study.title},
        )
    return study


def case_study_update(*, actor: Actor, case_study_id, **changes) -> CaseStudy:
    """Change what is given; the others stay."""
    actor.require(Perm.CASE_STUDY_EDIT)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise InvalidInput(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        study = actor.get_or_404(CaseStudy.objects.select_for_update(), pk=case_study_id)
        fields = []
        for name, value in changes.items():
            if name == "testimonial_by_id":
                study.testimonial_by = _contact_of(actor, study.client_id, value)
                fields.append("testimonial_by")
            else:
                setattr(study, name, _clean(value))
                fields.append(name)
        study.updated_by = actor.user
        fields += ["updated_by", "updated_at"]
        full_clean_or_raise(study)
        study.save(update_fields=fields)
    return study


# --- The export and its guard ------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    filename: str
    sha256: str
    mode: str
    fmt: str

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")


def _spans_in_words(spans: list[Span], limit: int = 8) -> str:
    shown = [f"« {s.text.strip()} » ({s.kind})" for s in spans[:limit]]
    more = len(spans) - limit
    words = ", ".join(shown)
    if more > 0:
        words += _(" and %(count)d more") % {"count": more}
    return words


def _refuse_if_confidential(study: CaseStudy) -> None:
    if study.client.confidentiality == "confidential":
        raise Conflict(
            _(
                "%(client)s is confidential: none of its case studies can leave Pacte, "
                "named or anonymised."
            )
            % {"client": study.client.name},
            code="confidential_client",
        )


def _named_story(study: CaseStudy, language: str) -> render.Story:
    attribution = ""
    if study.testimonial_by is not None:
        who = study.testimonial_by
        attribution = ", ".join(x for x in (who.full_name, who.job_title, study.client.name) if x)
    elif study.testimonial:
        attribution = study.client.name
    return render.Story(
        title=study.title,
        body=study.body,
        results=study.results,
        testimonial=study.testimonial,
        attribution=attribution,
        language=language,
    )


def _render(story: render.Story, fmt: str) -> tuple[bytes, list[str]]:
    """The rendering and the texts its reader sees (what the guard re-scans)."""
    if fmt == ExportFormat.MARKDOWN:
        text = render.to_markdown(story)
        return text.encode("utf-8"), [text, render.markdown_visible(text)]
    if fmt == ExportFormat.HTML:
        page = render.to_html(story)
        return page.encode("utf-8"), [render.html_visible(page)]
    content = render.to_odt(story)
    return content, [render.odt_visible(content)]


def _language() -> str:
    return "en" if (translation.get_language() or "fr").startswith("en") else "fr"


def case_study_export(*, actor: Actor, case_study_id, mode: str, fmt: str) -> Export:
    """The text of a case study, ready to publish, or a refusal that says why (R-CONSENT)."""
    actor.require(Perm.CASE_STUDY_EXPORT)
    if mode not in ExportMode.values:
        raise InvalidInput(
            _("Choose the mode: named or anonymised."), fields={"mode": [_("Unknown mode.")]}
        )
    if fmt not in ExportFormat.values:
        raise InvalidInput(
            _("Choose the format: md, html or odt."), fields={"format": [_("Unknown format.")]}
        )
    language = _language()
    with transaction.atomic():
        study = actor.get_or_404(
            CaseStudy.objects.select_related("client", "engagement", "testimonial_by"),
            pk=case_study_id,
        )
        _refuse_if_confidential(study)
        allowed = publication(actor=actor, case_study=study)
        if allowed.refused_case_study:
            # R-NO: the client said no to a case study. An anonymised one is still a story
            # about them, told against their word: nothing leaves until they say otherwise.
            raise Conflict(
                _(
                    "%(client)s refused any case study, or withdrew its consent: it is not "
                    "published, named or anonymised, until the client says otherwise."
                )
                % {"client": study.client.name},
                code="consent_refused",
            )
        if mode == ExportMode.NAMED:
            if not allowed.nameable:
                raise Conflict(
                    _(
                        "%(client)s may not be named (its level is “%(level)s”): export the "
                        "anonymised version. Consents needed: %(scopes)s."
                    )
                    % {
                        "client": study.client.name,
                        "level": study.client.get_confidentiality_display(),
                        "scopes": ", ".join(n.scope for n in allowed.needs),
                    },
                    code="consent_missing",
                )
            if allowed.missing:
                raise Conflict(
                    _("No consent in force from %(client)s for: %(scopes)s.")
                    % {"client": study.client.name, "scopes": ", ".join(allowed.missing)},
                    code="consent_missing",
                )
            story = _named_story(study, language)
            content, _seen = _render(story, fmt)
        else:
            if not study.descriptor.strip():
                raise InvalidInput(
                    _("Write the descriptor first: your words in place of the client's name."),
                    code="descriptor_missing",
                    fields={"descriptor": [_("Required for the anonymised version.")]},
                )
            deny = deny_list_for(actor=actor, client=study.client)
            content, seen = _render(anonymised_story(study, deny, language), fmt)
            leaks = [span for text in seen for span in scan(text, deny, language=language)]
            if leaks:
                raise Conflict(
                    _("The anonymised text still betrays the client: %(spans)s.")
                    % {"spans": _spans_in_words(leaks)},
                    code="identity_leak",
                )
        digest = hashlib.sha256(content).hexdigest()
        ledger.append(
            actor=actor,
            action="casestudy.exported",
            subject=study,
            payload={"mode": mode, "format": fmt, "sha256": digest, "title": study.title},
        )
    name = (
        slugify(study.title if mode == ExportMode.NAMED else _("case study"))[:60] or "case-study"
    )
    return Export(
        content=content,
        content_type=CONTENT_TYPES[ExportFormat(fmt)],
        filename=f"{name}-{mode}.{fmt}",
        sha256=digest,
        mode=mode,
        fmt=fmt,
    )
