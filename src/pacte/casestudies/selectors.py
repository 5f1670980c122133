"""Reads of case studies: lists, one study, the deny-list of its client, and the consents
its named publication needs (R-CONSENT)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.assets.models import Asset
from pacte.clients.models import Client, Confidentiality, Contact
from pacte.consents.models import ConsentScope
from pacte.consents.selectors import current_consents, may_be_named
from pacte.engagements.models import Engagement
from pacte.kernel.panels import Registry
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from . import render
from .anonymiser import (
    DenyList,
    PersonRecord,
    anonymise,
    build_deny_list,
    has_figures,
    person_replacement,
    scan,
)
from .models import CaseStudy


def case_study_list(*, actor: Actor, engagement=None, client=None) -> QuerySet[CaseStudy]:
    """Newest first, by an index led by the workspace (and the engagement or the client)."""
    actor.require(Perm.INTERNAL_VIEW)
    qs = CaseStudy.objects.for_actor(actor).select_related("engagement", "client")
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    if client is not None:
        qs = qs.filter(client=client)
    return qs.order_by("-updated_at", "-pk")


def case_study_get(*, actor: Actor, case_study_id) -> CaseStudy:
    actor.require(Perm.INTERNAL_VIEW)
    return actor.get_or_404(
        CaseStudy.objects.select_related("engagement", "client", "testimonial_by"),
        pk=case_study_id,
    )


# The client's people that apps above this one record (the portal's users: their names and
# emails): each source answers `(actor, client) -> [PersonRecord]` in ONE query, so the
# deny-list costs a fixed number of queries. The app registers its source in its `ready()`.
IdentitySource = Callable[[Actor, Client], Iterable[PersonRecord]]
identity_sources: Registry[IdentitySource] = Registry("case-study identity source")


def register_identity_source(name: str, source: IdentitySource) -> None:
    identity_sources.add((name,), source)


def deny_list_for(*, actor: Actor, client: Client) -> DenyList:
    """Everything Pacte's records say about who the client is: its name, city, contacts
    (names, job titles, emails, phones), asset identifiers and third parties, engagement
    titles, and the people the registered identity sources know (the portal's users). Three
    queries, plus one per identity source, whatever the numbers.

    An asset's `legal_owner` is a party (the client, us, a third party), never a name: the
    client's is already listed, a third party's is `third_party_name`, listed below."""
    contacts = Contact.objects.for_actor(actor).filter(client=client).order_by("pk")
    people = [
        PersonRecord(c.full_name, c.job_title, c.email, c.phone)
        for c in contacts.only("full_name", "job_title", "email", "phone")
    ]
    # After the contacts: a person who is both keeps the contact's job title as their role.
    for source in identity_sources.entries():
        people.extend(source(actor, client))
    assets = list(
        Asset.objects.for_actor(actor)
        .filter(client=client)
        .order_by("pk")
        .values_list("identifier", "third_party_name")
    )
    titles = list(
        Engagement.objects.for_actor(actor)
        .filter(client=client)
        .order_by("pk")
        .values_list("title", flat=True)
    )
    return build_deny_list(
        client_name=client.name,
        city=client.city,
        people=people,
        asset_identifiers=[identifier for identifier, _third in assets],
        third_parties=[third for _identifier, third in assets if third],
        engagement_titles=titles,
    )


def scopes_needed(case_study: CaseStudy) -> list[str]:
    """The consent scopes a named publication of the text uses: the case study always,
    figures when the text states any (a year or a date is not a figure), the testimonial
    when there is one. The logo is never in the text formats, so never needed."""
    scopes = [ConsentScope.CASE_STUDY.value]
    text = "\n".join(
        (case_study.title, case_study.body, case_study.results, case_study.testimonial)
    )
    if has_figures(text):
        scopes.append(ConsentScope.FIGURES.value)
    if case_study.testimonial.strip():
        scopes.append(ConsentScope.TESTIMONIAL.value)
    return scopes


@dataclass(frozen=True)
class ConsentNeed:
    scope: str
    label: str
    in_force: bool
    record: object | None  # the latest Consent on that scope, grant or refusal


@dataclass(frozen=True)
class Publication:
    """What may be done with a case study today."""

    confidential: bool
    nameable: bool  # the client's level allows naming
    needs: list[ConsentNeed]
    refused_case_study: bool

    @property
    def missing(self) -> list[str]:
        return [n.scope for n in self.needs if not n.in_force]

    @property
    def named_allowed(self) -> bool:
        return not self.confidential and self.nameable and not self.missing


def publication(*, actor: Actor, case_study: CaseStudy, on=None) -> Publication:
    """The client's level and, for each scope a named publication needs, whether a consent
    is in force on `on` (today). One query."""
    on = on or timezone.localdate()
    client = case_study.client
    current = current_consents(actor=actor, client_ids=[client.pk], on=on).get(client.pk, {})
    labels = dict(ConsentScope.choices)
    needs = []
    for scope in scopes_needed(case_study):
        record = current.get(scope)
        needs.append(
            ConsentNeed(scope, labels[scope], bool(record and record.in_force_on(on)), record)
        )
    study = current.get(ConsentScope.CASE_STUDY.value)
    return Publication(
        confidential=client.confidentiality == Confidentiality.CONFIDENTIAL,
        nameable=may_be_named(client),
        needs=needs,
        # R-NO: a refusal, or a grant the client has since withdrawn, is a "no".
        refused_case_study=bool(
            study and (not study.granted or (study.revoked_on and study.revoked_on <= on))
        ),
    )


def anonymised_story(study: CaseStudy, deny: DenyList, language: str) -> render.Story:
    """The story as the anonymised export tells it: the descriptor for the client, the
    quote's author by their role."""

    def clean(text: str) -> str:
        return anonymise(text, deny, descriptor=study.descriptor, language=language).text

    attribution = ""
    if study.testimonial.strip():
        role = study.testimonial_by.job_title if study.testimonial_by else ""
        attribution = f"{person_replacement(role, deny, language)}, {study.descriptor}"
    return render.Story(
        title=clean(study.title),
        body=clean(study.body),
        results=clean(study.results),
        testimonial=clean(study.testimonial),
        attribution=attribution,
        language=language,
    )


@dataclass(frozen=True)
class Preview:
    fields: list  # (label, [{"text", "kind", "was"}]) per field
    leaks: list  # what the guard would still find in the rendered text


def preview(*, actor: Actor, case_study: CaseStudy, language: str) -> Preview:
    """The anonymised text with each replacement marked, and what the guard would refuse
    (it scans the Markdown rendering as the export does). The deny-list's queries: three, plus
    one per identity source."""
    actor.require(Perm.INTERNAL_VIEW)
    deny = deny_list_for(actor=actor, client=case_study.client)
    fields = []
    for label, text in (
        (_("Title"), case_study.title),
        (_("The story"), case_study.body),
        (_("Results"), case_study.results),
        (_("Testimonial quote"), case_study.testimonial),
    ):
        done = anonymise(text, deny, descriptor=case_study.descriptor, language=language)
        pieces, cursor = [], 0
        for span in done.spans:
            if span.start > cursor:
                pieces.append({"text": done.text[cursor : span.start], "kind": "", "was": ""})
            pieces.append({"text": span.replacement or "∅", "kind": span.kind, "was": span.text})
            cursor = span.end
        if cursor < len(done.text):
            pieces.append({"text": done.text[cursor:], "kind": "", "was": ""})
        fields.append((label, pieces))
    leaks = []
    if case_study.descriptor.strip():
        markdown = render.to_markdown(anonymised_story(case_study, deny, language))
        leaks = scan(markdown, deny, language=language)
    return Preview(fields, leaks)
