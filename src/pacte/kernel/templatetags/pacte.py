from django import template
from django.utils.formats import number_format

from pacte.kernel.money import Money
from pacte.kernel.permissions import Perm

register = template.Library()


@register.filter
def can(actor, perm: str) -> bool:
    """`{% if actor|can:"member.manage" %}`: the permission table, read from a template."""
    return actor is not None and actor.can(Perm(perm))


@register.filter
def money(value, currency: str | None = None) -> str:
    """A Money, or an amount with `currency`, grouped and separated as the language wants:
    `3 000,00 EUR` in French, `3,000.00 EUR` in English."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Money):
        return value.display()
    text = number_format(value, 2, use_l10n=True, force_grouping=True)
    return Money(value, currency).display() if currency else text


@register.filter
def hours(minutes) -> str:
    minutes = int(minutes or 0)
    return f"{minutes // 60} h {minutes % 60:02d}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def timeuntil_days(value) -> int:
    """Whole days from today to a date (negative when past)."""
    from django.utils import timezone

    return (value - timezone.localdate()).days if value else 0
