"""Assets' health signal (DOMAIN §5): reversibility (R-OWN), the share of the ownership checks
the client's assets pass. A client in control of its assets can leave, and stays freely."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacte.clients.models import Client
from pacte.engagements.signals import evidence_links
from pacte.kernel.signals import CLIENT, HealthSignal, Reading, in_run, register_signal, shared

from .selectors import reversibility_by_client


def measure_reversibility(*, workspace, level, subjects, today) -> dict[int, Reading]:
    """R-OWN: the client's reversibility score (assets.ownership, the eleven rules) as the
    sub-score. Assets belong to the client, so an engagement reads its client's. A client
    without assets says nothing. Three queries (four for engagements: their clients); within
    one run (`kernel.signals.measuring`), the engagements reuse the clients' scores."""
    # {client id: Reversibility, or None without assets}, kept for the run.
    known: dict = shared(("reversibility", workspace.pk), dict)
    client_of = None
    if level == CLIENT:
        if in_run():  # so that the engagements know which clients have no asset
            known.update(dict.fromkeys(subjects.values_list("pk", flat=True)))
        known.update(reversibility_by_client(workspace=workspace, clients=subjects))
    else:
        client_of = dict(subjects.order_by().values_list("pk", "client_id"))
        missing = set(client_of.values()) - known.keys()
        if missing:
            known.update(dict.fromkeys(missing))
            clients = Client.objects.in_workspace(workspace).filter(pk__in=missing)
            known.update(reversibility_by_client(workspace=workspace, clients=clients))
    scores = {client_id: found for client_id, found in known.items() if found is not None}
    link = evidence_links("client_assets", "client_id", "reversibility")
    by_client = {}
    for client_id, reversibility in scores.items():
        by_client[client_id] = Reading(
            value=reversibility.score,
            shown=gettext("Ownership checks passed: %(passed)s of %(checks)s")
            % {"passed": reversibility.passed, "checks": reversibility.checks},
            score=reversibility.score,
            evidence=link(client_id),
        )
    if client_of is None:
        return by_client
    return {pk: by_client[cid] for pk, cid in client_of.items() if cid in by_client}


REVERSIBILITY = HealthSignal(
    key="reversibility",
    rule="R-OWN",
    label=_("Reversibility"),
    explanation=_(
        "The share of the ownership checks (the eleven rules of R-OWN) that the client's "
        "assets pass: domains, hosting, code, licences, backups, admin passwords, ad "
        "accounts and web tools in the client's name and hands, every action documented. "
        "The sub-score is that share; an engagement reads its client's. No asset registered, "
        "no reading."
    ),
    weight=10,
    measure=measure_reversibility,
    order=90,
)


def register() -> None:
    register_signal(REVERSIBILITY)
