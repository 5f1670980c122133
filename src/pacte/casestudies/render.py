"""A case study's text as Markdown, HTML (a clean standalone page) and ODT, and each
rendering read back as the plain text a reader sees, for the guard's re-scan.

The renderings carry nothing but the story: no date, no number, no address of ours, so that
what the guard scans is what the author wrote and what the anonymiser made of it. The logo
is never included (no consent for the logo scope is ever needed by these formats)."""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, fields, replace

from django.utils import translation
from django.utils.translation import gettext as _

from .anonymiser import strip_invisible


@dataclass(frozen=True)
class Story:
    """The text to publish, already named or anonymised."""

    title: str
    body: str
    results: str = ""
    testimonial: str = ""
    attribution: str = ""
    language: str = "fr"


def _readable(story: Story) -> Story:
    """The story without the characters nobody sees (a zero-width space, a soft hyphen inside
    a name): what is published is what its reader and the guard read."""
    return replace(
        story,
        **{f.name: strip_invisible(getattr(story, f.name)) for f in fields(story)},
    )


def _headings(story: Story) -> tuple[str, str]:
    with translation.override(story.language):
        return _("Results"), _("In their words")


# "&" too: "H&ocirc;tel" would show as "Hôtel" in any Markdown renderer.
_MD_SPECIAL = re.compile(r"([\\`*_{}<>#|&])")


def _md_escape(text: str) -> str:
    """Markdown that shows the text as written: a star or an underscore of the author's stays
    a character, a line starting with "#" or "-" stays text."""
    lines = []
    for line in text.splitlines():
        line = _MD_SPECIAL.sub(r"\\\1", line)
        line = re.sub(r"^(\s*)([-+]|\d+[.)])(\s)", r"\1\\\2\3", line)
        lines.append(line)
    return "\n".join(lines)


def to_markdown(story: Story) -> str:
    story = _readable(story)
    results_heading, quote_heading = _headings(story)
    parts = [f"# {_md_escape(story.title)}", "", _md_escape(story.body.strip())]
    if story.results.strip():
        parts += ["", f"## {results_heading}", "", _md_escape(story.results.strip())]
    if story.testimonial.strip():
        quote = "\n".join(
            f"> {line}" for line in _md_escape(story.testimonial.strip()).splitlines()
        )
        parts += ["", f"## {quote_heading}", "", quote]
        if story.attribution:
            parts += [">", f"> — {_md_escape(story.attribution)}"]
    return "\n".join(parts).rstrip() + "\n"


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return "\n".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in block.splitlines()) + "</p>"
        for block in blocks
    )


def to_html(story: Story) -> str:
    story = _readable(story)
    results_heading, quote_heading = _headings(story)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(story.language)}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(story.title)}</title>",
        # No style: the page is the text, for the publisher's own site to dress (and nothing
        # that Pacte's Content-Security-Policy tests would refuse).
        "</head>",
        "<body><article>",
        f"<h1>{html.escape(story.title)}</h1>",
        _paragraphs(story.body),
    ]
    if story.results.strip():
        parts += [f"<h2>{html.escape(results_heading)}</h2>", _paragraphs(story.results)]
    if story.testimonial.strip():
        parts += [f"<h2>{html.escape(quote_heading)}</h2>", "<blockquote>"]
        parts.append(_paragraphs(story.testimonial))
        if story.attribution:
            parts.append(f"<footer>— {html.escape(story.attribution)}</footer>")
        parts.append("</blockquote>")
    parts += ["</article></body></html>"]
    return "\n".join(parts) + "\n"


def to_odt(story: Story) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, P

    story = _readable(story)
    results_heading, quote_heading = _headings(story)
    document = OpenDocumentText()
    quote_style = Style(name="Quote", family="paragraph")
    quote_style.addElement(ParagraphProperties(marginleft="1cm"))
    quote_style.addElement(TextProperties(fontstyle="italic"))
    document.automaticstyles.addElement(quote_style)

    def paragraphs(text, style=None):
        for block in re.split(r"\n\s*\n", text.strip()):
            if block.strip():
                p = P(stylename=style) if style else P()
                p.addText(_xml_safe(" ".join(block.split())))
                document.text.addElement(p)

    heading = H(outlinelevel=1)
    heading.addText(_xml_safe(story.title))
    document.text.addElement(heading)
    paragraphs(story.body)
    if story.results.strip():
        h = H(outlinelevel=2)
        h.addText(results_heading)
        document.text.addElement(h)
        paragraphs(story.results)
    if story.testimonial.strip():
        h = H(outlinelevel=2)
        h.addText(quote_heading)
        document.text.addElement(h)
        paragraphs(story.testimonial, quote_style)
        if story.attribution:
            p = P(stylename=quote_style)
            p.addText(_xml_safe(f"— {story.attribution}"))
            document.text.addElement(p)
    document.title = story.title
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


# --- What the reader sees, for the re-scan -----------------------------------------------------

# A backslash escape shows its character; an unescaped character reference ("&ocirc;",
# "&#64;") shows what it refers to. One pass, left to right, as CommonMark reads: "\&ocirc;"
# shows "&ocirc;", "\\&ocirc;" shows "\ô".
_MD_VISIBLE = re.compile(
    r"\\([\\`*_{}<>#|+\-.)\]\[!&])"
    r"|(&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?))"
)


def markdown_visible(text: str) -> str:
    def shown(found: re.Match) -> str:
        if found.group(1) is not None:
            return found.group(1)
        return html.unescape(found.group(2))

    return _MD_VISIBLE.sub(shown, text)


def html_visible(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def odt_visible(content: bytes) -> str:
    """Every text node of the document's content, and its title (the other metadata is
    odfpy's own: its version, the instant of writing)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        content_xml = archive.read("content.xml").decode("utf-8")
        meta_xml = (
            archive.read("meta.xml").decode("utf-8") if "meta.xml" in archive.namelist() else ""
        )
    titles = re.findall(r"<dc:title>(.*?)</dc:title>", meta_xml, flags=re.S)
    texts = [re.sub(r"<[^>]+>", " ", content_xml), *titles]
    return html.unescape("\n".join(texts))
