"""`{% icon "name" %}`: one icon of the vendored set, inlined as SVG markup.

The icons are Lucide's (`kernel/static/pacte/icons/`, see its README). Inlining them, rather
than linking the files, lets CSS colour them with the text (`stroke: currentColor`) and size
them with the font; each file is read once per process. No `style=` attribute is written, so
the markup passes a strict Content-Security-Policy: `.icon` in pacte.css sizes them.

    {% load icons %}
    {% icon "printer" %}                        decorative: hidden from screen readers
    {% icon "triangle-alert" _("Warning") %}    meaningful: role="img" with a <title>
    {% icon "check" class="ok" %}               extra classes beside "icon"
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

ICON_DIR = Path(__file__).resolve().parent.parent / "static" / "pacte" / "icons"

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# What is inside the file's <svg …> … </svg>: its shapes, without the licence comment and
# the set's own attributes, which the tag replaces with Pacte's.
_BODY = re.compile(r"<svg\b[^>]*>(?P<body>.*)</svg>", re.DOTALL)


@cache
def available_icons() -> tuple[str, ...]:
    """The names of the vendored icons, sorted."""
    return tuple(sorted(path.stem for path in ICON_DIR.glob("*.svg")))


@cache
def _shapes(name: str) -> str | None:
    """The SVG shapes of icon `name`, read from its file once, or None if there is none."""
    if not _NAME.match(name) or name not in available_icons():
        return None
    match = _BODY.search((ICON_DIR / f"{name}.svg").read_text(encoding="utf-8"))
    if match is None:
        return None
    # One line of markup: the file's indentation would only add text nodes.
    return "".join(line.strip() for line in match.group("body").splitlines())


def render_icon(name: str, label: str | None = None, css_class: str = "") -> str:
    """The inline SVG of icon `name`; with a label, announced as an image of that label."""
    shapes = _shapes(str(name))
    if shapes is None:
        if settings.DEBUG:
            raise template.TemplateSyntaxError(
                f"Unknown icon {name!r}. The vendored icons are: {', '.join(available_icons())}."
                " To add one, see pacte/kernel/static/pacte/icons/README.md."
            )
        return ""
    classes = " ".join(["icon", f"icon-{name}", *str(css_class).split()])
    head = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="1em" height="1em"'
        ' fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"'
        ' stroke-linejoin="round" focusable="false"'
    )
    if label:
        return format_html(
            '{} class="{}" role="img" aria-label="{}"><title>{}</title>{}</svg>',
            mark_safe(head),  # noqa: S308 - a constant
            classes,
            label,
            label,
            mark_safe(shapes),  # noqa: S308 - the vendored file, whose name is checked
        )
    return format_html(
        '{} class="{}" aria-hidden="true">{}</svg>',
        mark_safe(head),  # noqa: S308 - a constant
        classes,
        mark_safe(shapes),  # noqa: S308 - the vendored file, whose name is checked
    )


@register.simple_tag(name="icon")
def icon(name, label=None, **kwargs):
    """`{% icon "name" [label] [class="…"] %}`."""
    return render_icon(name, label, kwargs.get("class", ""))
