"""The /design/ page shows every component and every vendored icon, to members only, in
markup a strict Content-Security-Policy accepts; the icon tag inlines the vendored SVG."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client as HttpClient
from django.test import override_settings

from pacte.kernel.templatetags.icons import ICON_DIR, available_icons
from pacte.testing import ANY_MEMBER, check_page_as_each_actor

pytestmark = pytest.mark.django_db


def _design_page(world, language="en") -> str:
    http = HttpClient(headers={"Accept-Language": language})
    http.force_login(world.users["viewer"])
    response = http.get("/design/")
    assert response.status_code == 200
    return response.content.decode()


def test_design_page_as_each_actor(world):
    responses = check_page_as_each_actor(world, "/design/", ANY_MEMBER)
    assert responses["anonymous"].url.startswith("/accounts/login/")


def test_design_page_shows_each_component(world):
    html = _design_page(world)
    for marker in (
        'class="btn"',
        'class="btn secondary"',
        'class="btn danger"',
        "btn small",
        'class="badge ok"',
        'class="badge warn"',
        'class="badge bad"',
        'class="badge neutral"',
        "badge status-active",
        'class="card wide"',
        'class="panels"',
        "<table",
        'class="empty"',
        'class="notice warn"',
        'class="notice bad"',
        'class="messages"',
        'class="tabs"',
        'class="heading"',
        'class="actions"',
        'class="crumbs"',
        'class="stack"',
        'class="stack compact"',
        'class="inline"',
    ):
        assert marker in html, marker
    # The sample form: each kind of field, and the refused copy with its errors.
    for widget in ('type="text"', "<select", 'type="radio"', 'type="date"', 'type="number"'):
        assert widget in html, widget
    assert 'type="checkbox"' in html and "<textarea" in html
    assert "An engagement of this client already has this title." in html
    assert 'aria-invalid="true"' in html


def test_design_page_shows_every_vendored_icon(world):
    icons = available_icons()
    assert len(icons) >= 20
    assert {"printer", "download", "search", "menu", "triangle-alert", "log-out"} <= set(icons)
    html = _design_page(world)
    for name in icons:
        assert f"icon icon-{name}" in html, name
        assert f"<code>{name}</code>" in html, name


def test_design_page_has_no_inline_style_or_script(world):
    for language in ("en", "fr"):
        html = _design_page(world, language)
        assert not re.search(r"\sstyle\s*=", html, re.IGNORECASE)
        assert "<style" not in html.lower()
        inline_scripts = [
            tag for tag in re.findall(r"<script\b[^>]*>", html, re.IGNORECASE) if "src=" not in tag
        ]
        assert inline_scripts == []
        assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE)


def test_design_page_speaks_french(world):
    html = _design_page(world, "fr")
    assert "Boutons" in html and "Pictogrammes" in html


def test_every_icon_file_is_vendored_with_its_licence():
    assert (ICON_DIR / "LICENSE").exists()
    assert "lucide-static" in (ICON_DIR / "README.md").read_text()
    for name in available_icons():
        svg = (ICON_DIR / f"{name}.svg").read_text()
        assert "<svg" in svg and "style=" not in svg, name


def _render(source: str, **context) -> str:
    return Template("{% load icons %}" + source).render(Context(context))


def test_icon_is_decorative_by_default():
    html = _render('{% icon "printer" %}')
    assert html.startswith("<svg ") and html.endswith("</svg>")
    assert 'class="icon icon-printer"' in html
    assert 'aria-hidden="true"' in html and 'focusable="false"' in html
    assert "role=" not in html and "<title>" not in html
    assert "style=" not in html and "<!--" not in html


def test_icon_with_a_label_is_an_image_and_escapes_the_label():
    html = _render('{% icon "triangle-alert" label %}', label='<b>"Late" & co</b>')
    assert 'role="img"' in html and "aria-hidden" not in html
    assert "<title>&lt;b&gt;&quot;Late&quot; &amp; co&lt;/b&gt;</title>" in html
    assert 'aria-label="&lt;b&gt;&quot;Late&quot; &amp; co&lt;/b&gt;"' in html
    assert "<b>" not in html


def test_icon_takes_extra_classes_escaped():
    html = _render('{% icon "check" class=extra %}', extra='ok" onload="x')
    assert 'class="icon icon-check ok&quot; onload=&quot;x"' in html


@pytest.mark.parametrize("name", ["no-such-icon", "../icons/check", "Check"])
def test_an_unknown_icon_renders_nothing_in_production(name):
    assert _render("{% icon name %}", name=name) == ""


@override_settings(DEBUG=True)
def test_an_unknown_icon_is_a_clear_error_in_debug():
    with pytest.raises(TemplateSyntaxError, match=r"Unknown icon 'no-such-icon'.*printer"):
        _render('{% icon "no-such-icon" %}')


@pytest.mark.parametrize("language", ["en", "fr"])
def test_design_page_shows_every_chart(world, language):
    html = _design_page(world, language)
    charts = html[html.index('id="charts"') :]
    for ident in ("design-bars", "design-strip", "design-gauge-82", "design-spark"):
        assert f'aria-labelledby="{ident}-title {ident}-desc"' in charts, ident
    assert charts.count('role="img"') >= 6
    assert charts.count('<table class="visually-hidden chart-data">') >= 6
    assert 'class="spark-line"' in charts and 'class="strip-month bad"' in charts
    assert 'href="#charts"' in html
