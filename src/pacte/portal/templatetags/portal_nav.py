"""The portal's navigation: one entry per section the person may see (DOMAIN §9)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from pacte.kernel.permissions import Perm
from pacte.portal.selectors import portal_handoff_relevant

register = template.Library()


@register.simple_tag
def portal_nav_entries(actor) -> list[tuple[str, str, str]]:
    """(url name, url, label) of each page of the portal this person may open, after the
    home page (the header's "Client portal" link), whose sections — decisions, invoices,
    requests, consents, the scorecard — each area shows there within the person's rights.
    Handoff only while an engagement is closing or ended (one query)."""
    if actor is None or not actor.is_portal or not actor.can(Perm.OPERATIONS_VIEW):
        return []
    entries = [
        ("assets", reverse("portal:assets"), _("Assets")),
        ("deadlines", reverse("portal:deadlines"), _("Deadlines")),
    ]
    if portal_handoff_relevant(actor=actor):
        entries.append(("handoff", reverse("portal:handoff"), _("Handoff")))
    return entries
