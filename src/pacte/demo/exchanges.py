"""The silent engagement: Studio Kinésis, Grenoble, where nobody has written to the client for
24 days, and the client has asked where the next report is.

Rules it shows:
- R-SILENCE: an active engagement with no outbound exchange for more than the workspace's
  policy (10 days by default) is flagged; the client's inbound message 12 days ago does not
  count as news sent;
- the journal of exchanges: channel, direction, summary, date.

Data: 1 client, 1 contact, 1 active time-and-materials engagement (3,600 EUR), 1 invoice and
1 payment (the deposit), 2 exchanges. Its ad account paid by the agency is in `assets.py`.
"""

from __future__ import annotations

from .builder import Builder


def silent_engagement(b: Builder):
    client, _ = b.client(
        "Studio Kinésis",
        "Grenoble",
        contacts=[
            (
                "Lucas Perrin",
                "Kinésithérapeute",
                "lucas@studio-kinesis.example",
                {"for_decisions": True, "for_billing": True},
            )
        ],
        preferred_channel="message",
    )
    e = b.engagement(
        client,
        "Référencement local",
        "3600.00",
        kind="time_and_materials",
        deposit_percent=30,
        deposit_paid_days_ago=60,
        starts_days_ago=62,
    )
    b.exchange(client, 24, "Envoi du premier rapport de positionnement.", engagement=e)
    b.exchange(
        client,
        12,
        "Le client demande où en est le rapport suivant.",
        engagement=e,
        direction="inbound",
        channel="message",
    )
    return client
