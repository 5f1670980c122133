"""Support requests and SLAs in the demo (DOMAIN §4).

- `holiday_week_sla`: an agreed first-response SLA of 8 business hours. A request received on
  8 May (Victory in Europe Day, a French public holiday) at 17:00 and answered the next
  working day at 16:00 waited three days on the wall clock, but only 7 business hours: NOT a
  breach. A request received the following week at 09:00 and answered the next day at 14:00
  took 14 business hours: a breach. Both sit in the May window of the SLA.
- `many_requesters`: R-CONTACTS, a client whose requests came from 15 different people in
  the last 30 days, when 2 contacts are designated.

Data: 1 SLA and 2 requests; 1 client with 15 contacts, 10 requests and 5 inbound exchanges.
Services only, as the owner.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pacte.exchanges.services import exchange_log
from pacte.kernel.selectors import business_calendar
from pacte.support.services import sla_propose, support_request_move, support_request_open

from .builder import Builder

EIGHT_HOURS = 8 * 60


def _local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _last_victory_day(today: dt.date) -> dt.date:
    """The latest 8 May whose following weeks are over."""
    year = today.year if dt.date(today.year, 6, 1) <= today else today.year - 1
    return dt.date(year, 5, 8)


def holiday_week_sla(b: Builder, client):
    """The SLA, the request over the holiday (met) and the one the week after (breached)."""
    calendar = business_calendar(b.actor.workspace)
    holiday = _last_victory_day(b.today)
    sla = sla_propose(
        actor=b.actor,
        client_id=client.pk,
        metric="first_response",
        target_minutes=EIGHT_HOURS,
        window="month",
        agreed_on=holiday.replace(day=1) - dt.timedelta(days=20),
        agreed_by="Direction",
    )
    contact = client.contacts.order_by("pk").first()
    answered_on = calendar.add_working_days(holiday, 1)
    over_the_holiday = support_request_open(
        actor=b.actor,
        client_id=client.pk,
        summary="Le formulaire de devis renvoie une erreur",
        received_at=_local(holiday, 17),
        contact_id=contact.pk if contact else None,
        channel="email",
        priority="high",
        category="incident",
    )
    support_request_move(
        actor=b.actor, request_id=over_the_holiday.pk, move="respond", at=_local(answered_on, 16)
    )
    over_the_holiday = support_request_move(
        actor=b.actor, request_id=over_the_holiday.pk, move="resolve", at=_local(answered_on, 17)
    )
    received_on = calendar.add_working_days(answered_on, 1)
    late_on = calendar.add_working_days(received_on, 1)
    breached = support_request_open(
        actor=b.actor,
        client_id=client.pk,
        summary="Ajouter un utilisateur à l'espace client",
        received_at=_local(received_on, 9),
        contact_id=contact.pk if contact else None,
        channel="call",
        category="access",
    )
    breached = support_request_move(
        actor=b.actor, request_id=breached.pk, move="respond", at=_local(late_on, 14)
    )
    return sla, over_the_holiday, breached


REQUESTERS = [
    (
        "Hélène Garnier",
        "Directrice des opérations",
        {"for_decisions": True, "for_operations": True},
    ),
    ("Marc Fabre", "Comptable", {"for_billing": True}),
    ("Julie Morel", "Assistante de direction", {}),
    ("Karim Benali", "Responsable logistique", {}),
    ("Sophie Lambert", "Chargée de communication", {}),
    ("Thomas Roussel", "Commercial", {}),
    ("Nadia Chevalier", "Commerciale", {}),
    ("Lucas Perrin", "Stagiaire marketing", {}),
    ("Camille Girard", "Responsable RH", {}),
    ("Antoine Lefèvre", "Technicien", {}),
    ("Emma Fontaine", "Acheteuse", {}),
    ("Hugo Marchand", "Chef d'atelier", {}),
    ("Léa Bonnet", "Accueil", {}),
    ("Mathieu Roche", "Contrôleur de gestion", {}),
    ("Inès Caron", "Service client", {}),
]


def _email(name: str) -> str:
    plain = name.lower().translate(str.maketrans("éèêëàâîïôöûüç' ", "eeeeaaiioouuc-."))
    return f"{plain}@menuiserie-rival.example"


def many_requesters(b: Builder):
    """R-CONTACTS: 15 different people asked in the last 30 days; 2 are designated."""
    client, contacts = b.client(
        "Menuiserie Rival",
        "Clermont-Ferrand",
        contacts=[(name, title, _email(name), flags) for name, title, flags in REQUESTERS],
        preferred_channel="email",
        decision_style="committee",
    )
    now = timezone.now()
    for i, person in enumerate(contacts):
        if i % 3 == 2:
            exchange_log(
                actor=b.actor,
                client_id=client.pk,
                channel="call",
                direction="inbound",
                summary=f"{person.full_name} appelle au sujet du site",
                occurred_on=b.ago(2 * i + 1),
                contact_id=person.pk,
            )
        else:
            support_request_open(
                actor=b.actor,
                client_id=client.pk,
                summary=f"Demande de {person.full_name}",
                received_at=now - dt.timedelta(days=2 * i + 1, hours=1),
                contact_id=person.pk,
                channel="email",
            )
    return client
