from django import template

from pacte.core.permissions import Perm

register = template.Library()


@register.filter
def can(actor, perm: str) -> bool:
    """`{% if actor|can:"member.manage" %}`: the permission table, read from a template."""
    return actor is not None and actor.can(Perm(perm))
