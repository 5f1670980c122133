"""The client's "no" and its secrecy (DOMAIN §7, R-CONSENT, R-NO), from the article
`5-respecter-le-non.txt` and its comments.

- `named_but_no_case_study`: Fonderie Delorme may be named (level "named") and allowed its
  name and its logo in our reference list, in writing (the logo is attached to the client);
  asked for a case study, it refused (R-NO: the refusal is on record and stands until the
  client reverses it).
- `maternity_photographer`: Studio Mélodie Gagnon, photographe, Québec (the photographer of
  the article's comments, who trades a small discount for the written permission to show
  the photos): level "named", a written consent (method document) for a case study, a
  testimonial and the figures, in exchange for a 10 per cent discount, valid two years. An
  engagement in Canadian dollars. The signed authorisation (a PDF) is attached to the case
  study consent, its SHA-256 in that consent's ledger entry.
- `confidential_client`: Cabinet Ravel Avocats, bound by professional secrecy, set to
  "strictly confidential": no reference list, no story, even anonymised.

Each function takes the demo Builder and uses the services only, dated in the past.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from pacte.attachments.services import attachment_add
from pacte.clients.models import Client
from pacte.clients.services import client_update
from pacte.consents.services import consent_record

from .builder import Builder
from .documents import letter_pdf, logo_png

PHOTOGRAPHER = "Studio Mélodie Gagnon, photographe"
TWO_YEARS = 2 * 365


def _client(b: Builder, name: str) -> Client:
    return Client.objects.for_actor(b.actor).get(name=name)


def named_but_no_case_study(b: Builder) -> Client:
    client = _client(b, "Fonderie Delorme")
    director = client.contacts.order_by("pk").first()
    client_update(actor=b.actor, client_id=client.pk, confidentiality="named")
    minutes = letter_pdf(
        [
            "Fonderie Delorme - comité stratégique",
            "Extrait du compte rendu",
            "",
            "Le comité autorise Atelier Lumière à citer le nom de la Fonderie Delorme",
            "et à montrer son logo dans ses références. Pas d'étude de cas.",
        ]
    )
    for scope in ("reference", "logo"):
        consent = consent_record(
            actor=b.actor,
            client_id=client.pk,
            scope=scope,
            granted=True,
            by_contact_id=director.pk if director else None,
            method="document",
            on=b.ago(120),
            notes="Accord signé en comité stratégique : nom et logo dans nos références.",
        )
        attachment_add(
            actor=b.actor,
            subject_kind="consents.consent",
            subject_id=consent.pk,
            upload=SimpleUploadedFile("compte-rendu-comite.pdf", minutes),
        )
    attachment_add(
        actor=b.actor,
        subject_kind="clients.client",
        subject_id=client.pk,
        upload=SimpleUploadedFile("logo-fonderie-delorme.png", logo_png((120, 62, 40))),
        purpose="logo",
    )
    consent_record(
        actor=b.actor,
        client_id=client.pk,
        scope="case_study",
        granted=False,
        by_contact_id=director.pk if director else None,
        method="email",
        on=b.ago(90),
        notes="« Notre façon de produire ne regarde que nous. » Pas d'étude de cas.",
    )
    return client


def maternity_photographer(b: Builder) -> Client:
    client, (melodie,) = b.client(
        PHOTOGRAPHER,
        "Québec",
        contacts=[
            (
                "Mélodie Gagnon",
                "Photographe, fondatrice",
                "melodie@studio-gagnon.example",
                {"for_decisions": True, "for_billing": True},
            ),
        ],
        preferred_channel="email",
        decision_style="single",
    )
    client_update(actor=b.actor, client_id=client.pk, confidentiality="named")
    engagement = b.engagement(
        client,
        "Catalogue de concepts maternité en ligne",
        "12000.00",
        currency="CAD",
        deposit_percent=30,
        deposit_paid_days_ago=75,
        starts_days_ago=70,
    )
    # News sent every week or so: this story is consent, not silence (R-SILENCE).
    b.exchange(
        client,
        3,
        "Point hebdomadaire : 1 900 photos classées, mise en ligne du catalogue vendredi.",
        engagement=engagement,
        people="Mélodie Gagnon",
    )
    signed = b.ago(60)
    consents = {}
    for scope in ("case_study", "testimonial", "figures"):
        consents[scope] = consent_record(
            actor=b.actor,
            client_id=client.pk,
            scope=scope,
            granted=True,
            by_contact_id=melodie.pk,
            method="document",
            on=signed,
            until=b.ago(60 - TWO_YEARS),
            consideration="Rabais de 10 pour cent sur la prochaine séance",
            notes="Autorisation écrite et signée, comme pour ses propres clientes.",
        )
    authorisation = letter_pdf(
        [
            "Autorisation de publication",
            "",
            f"Je soussignée Mélodie Gagnon, pour {PHOTOGRAPHER}, autorise Atelier Lumière",
            "à publier une étude de cas nominative sur le catalogue en ligne, avec mon",
            "témoignage et les chiffres du projet, pour une durée de deux ans.",
            "En contrepartie : un rabais de 10 pour cent sur la prochaine séance.",
            "",
            f"Fait à Québec, le {signed:%d/%m/%Y}.          Mélodie Gagnon",
        ]
    )
    # One signed page covers the three scopes: attached to each (stored once, by its hash).
    for consent in consents.values():
        attachment_add(
            actor=b.actor,
            subject_kind="consents.consent",
            subject_id=consent.pk,
            upload=SimpleUploadedFile("autorisation-signee.pdf", authorisation),
        )
    return client


def confidential_client(b: Builder) -> Client:
    client = _client(b, "Cabinet Ravel Avocats")
    client_update(actor=b.actor, client_id=client.pk, confidentiality="confidential")
    return client
