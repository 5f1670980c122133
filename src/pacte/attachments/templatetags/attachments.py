from django import template

from pacte.attachments.files import ACCEPT
from pacte.attachments.registry import attachable

register = template.Library()


@register.filter
def may_attach(actor, kind: str) -> bool:
    """`{% if actor|may_attach:"decisions.recommendation" %}`: the kind's `attach_perm`. The
    record itself was already shown, so the actor sees it."""
    if actor is None:
        return False
    entry = attachable(kind)
    if actor.is_portal and not entry.portal_visible:
        return False
    return actor.can(entry.attach_perm)


@register.simple_tag
def attachment_accept() -> str:
    return ACCEPT


@register.filter
def takes_logo(kind: str) -> bool:
    """Whether the kind may carry a logo (a client): the form then asks what the file is."""
    return attachable(kind).logo
