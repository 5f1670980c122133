"""Case studies (DOMAIN §7, R-CONSENT): two stories.

- `confidential_refused`: Cabinet Ravel Avocats (the governance story's law firm, Bordeaux)
  asked for secrecy: its level is "strictly confidential". We still wrote down what the migration
  of its mail achieved, for ourselves; every export of it is refused
  (`confidential_client`), named or anonymised, on the web, the API and the command line.
- `photographer_case_study(b, client)`: the Québec maternity photographer of the article's
  comments, who traded a written consent for a discount. The story of a new booking site
  and of a catalogue of about 2,000 photos, with figures and the photographer's own words.
  Its anonymised version reads "un photographe de maternité québécois", "environ 2 000
  photos"; the named one needs the consents the consents story records.

Each function takes the demo Builder and uses the services only.
"""

from __future__ import annotations

from pacte.casestudies.services import case_study_create
from pacte.clients.models import Client, Contact
from pacte.engagements.models import Engagement

from .builder import Builder


def confidential_refused(b: Builder):
    client = Client.objects.for_actor(b.actor).filter(name="Cabinet Ravel Avocats").first()
    if client is None:
        return None
    # The firm's level is "strictly confidential" (demo/consents.py sets it first): the story can be
    # written and kept, never exported.
    engagement = Engagement.objects.for_actor(b.actor).filter(client=client).order_by("pk").first()
    return case_study_create(
        actor=b.actor,
        engagement_id=engagement.pk,
        title="Migrer la messagerie d'un cabinet d'avocats sans perdre un dossier",
        descriptor="un cabinet d'avocats du Sud-Ouest",
        body=(
            "Le Cabinet Ravel Avocats gardait quinze ans de dossiers dans Outlook, sur un "
            "serveur de fichiers vieillissant. Nous avons migré la messagerie et le stockage "
            "en trois week-ends, sans interruption pour les associés."
        ),
        results="62 boîtes migrées, 1,4 To de dossiers, aucun message perdu.",
    )


def photographer_case_study(b: Builder, client: Client):
    """The photographer's case study, on its latest engagement (one is created if it has
    none), the quote by its first contact."""
    engagement = Engagement.objects.for_actor(b.actor).filter(client=client).order_by("-pk").first()
    if engagement is None:
        engagement = b.engagement(
            client,
            "Nouveau site de réservation",
            "8500.00",
            currency="CAD",
            deposit_percent=30,
            deposit_paid_days_ago=150,
            starts_days_ago=150,
        )
    contact = Contact.objects.for_actor(b.actor).filter(client=client).order_by("pk").first()
    return case_study_create(
        actor=b.actor,
        engagement_id=engagement.pk,
        title="Un catalogue de maternité qui se réserve tout seul",
        descriptor="un photographe de maternité québécois",
        body=(
            "Un photographe spécialisé en maternité voulait montrer son travail sans trahir "
            "ses clientes. Il leur demande leur permission par écrit, contre un petit rabais "
            "sur la séance : presque toutes acceptent. Son catalogue comptait 2 134 photos, "
            "classées à la main dans des galeries qui ne se réservaient pas.\n\n"
            "Nous avons refait le site autour de ce catalogue : des concepts classés par "
            "mois de grossesse, une réservation en ligne avec acompte, et le suivi des "
            "permissions de chaque cliente, photo par photo."
        ),
        results=(
            "Six mois après la mise en ligne : 38 % de réservations en ligne en plus, 12 400 $ "
            "d'acomptes encaissés avant les séances, et le site en tête des recherches sur "
            "la photo de maternité au Québec."
        ),
        testimonial=(
            "Je n'ai plus besoin d'expliquer mes concepts au téléphone : les futures mamans "
            "arrivent en sachant ce qu'elles veulent."
        ),
        testimonial_by_id=contact.pk if contact else None,
    )
