"""The text of a status report, written from the facts of a period (pure: no database).

The text is plain, with a few markdown-like marks a person can keep while editing it: a line
starting "# " is the title, "## " a section, "### " a sub-section, "- " an item. The same
marks are shown as headings and lists on the report page, in the email's HTML and in the
portal (`blocks`), and the text itself is what the email's plain part carries.

Call `compose` inside `translation.override(<the client's language>)`: every word and date is
then in the client's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacte.kernel.validation import TEXT_MAX_LENGTH

# How much of a long summary goes into one item (the journal keeps the whole of it).
ITEM_CHARS = 300


@dataclass(frozen=True)
class Item:
    """One line of a section: a date (or None) and what to say."""

    on: dt.date | None
    text: str


@dataclass
class Facts:
    """What a report says, already read and scoped by `selectors.report_facts`."""

    client_name: str
    engagement_title: str
    period_start: dt.date
    period_end: dt.date
    exchanges: list[Item] = field(default_factory=list)
    exchanges_more: int = 0
    actions: list[Item] = field(default_factory=list)
    actions_more: int = 0
    decisions: list[Item] = field(default_factory=list)
    risks: list[Item] = field(default_factory=list)
    deadlines: list[Item] = field(default_factory=list)
    # (met, judged) over the client's agreed SLAs in the period; None when none is agreed.
    sla: tuple[int, int] | None = None
    # {"client": [(label, value)], "provider": [(label, value)]}; empty when not measured.
    scorecard: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def one_line(text: str, limit: int = ITEM_CHARS) -> str:
    """A summary on one line, shortened: a report lists, the journal tells."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _section(lines: list[str], title: str, items: list[Item], more: int = 0) -> None:
    lines += ["", f"## {title}", ""]
    if not items:
        lines.append(_("Nothing this period."))
        return
    for item in items:
        prefix = f"{day(item.on)} · " if item.on else ""
        lines.append(f"- {prefix}{item.text}")
    if more:
        lines.append(
            "- "
            + ngettext("and %(count)d more item.", "and %(count)d more items.", more)
            % {"count": more}
        )


def compose(facts: Facts) -> str:
    """The report's text, in the active language."""
    lines = [
        "# " + _("Status report: %(engagement)s") % {"engagement": facts.engagement_title},
        "",
        _("%(client)s, from %(start)s to %(end)s.")
        % {
            "client": facts.client_name,
            "start": day(facts.period_start),
            "end": day(facts.period_end),
        },
    ]
    _section(lines, _("Our exchanges"), facts.exchanges, facts.exchanges_more)
    _section(lines, _("What we did"), facts.actions, facts.actions_more)
    _section(lines, _("Decisions awaiting your answer"), facts.decisions)
    _section(lines, _("Risks we told you about"), facts.risks)
    _section(lines, _("Deadlines coming up (cancel-by dates)"), facts.deadlines)
    if facts.sla is not None:
        met, judged = facts.sla
        lines += ["", "## " + _("Service levels"), ""]
        if judged:
            lines.append(
                _("%(met)d of %(judged)d measured commitments were met (%(percent)d %%).")
                % {"met": met, "judged": judged, "percent": round(100 * met / judged)}
            )
        else:
            lines.append(_("Nothing this period."))
    if facts.scorecard:
        lines += ["", "## " + _("Scorecard: both sides' commitments")]
        for side, title in (("client", _("Your side")), ("provider", _("Our side"))):
            rows = facts.scorecard.get(side) or []
            if rows:
                lines += ["", f"### {title}", ""]
                lines += [
                    "- " + _("%(line)s: %(value)s") % {"line": label, "value": value}
                    for label, value in rows
                ]
    text = "\n".join(lines).strip() + "\n"
    if len(text) > TEXT_MAX_LENGTH:
        # Bounded lists keep a report far below this; a cut is a last resort, said so.
        cut = _("(shortened)")
        text = text[: TEXT_MAX_LENGTH - len(cut) - 2].rstrip() + "\n" + cut + "\n"
    return text


@dataclass(frozen=True)
class Block:
    """One block of a report's text as shown: kind "h1", "h2", "h3", "p", or "ul" with its
    `items`."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()


_MARKS = (("### ", "h3"), ("## ", "h2"), ("# ", "h1"), ("- ", "li"))


def blocks(text: str) -> list[Block]:
    """The report's text as headings, lists and paragraphs (for pages and the email's HTML;
    the template escapes the text: nothing here is trusted markup)."""
    found: list[Block] = []
    items: list[str] = []

    def close_list():
        if items:
            found.append(Block("ul", items=tuple(items)))
            items.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        kind, content = "p", line
        for mark, name in _MARKS:
            if line.startswith(mark):
                kind, content = name, line[len(mark) :].strip()
                break
        if kind == "li":
            items.append(content)
            continue
        close_list()
        found.append(Block(kind, content))
    close_list()
    return found
