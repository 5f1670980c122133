"""The strict Content-Security-Policy (issue 10, item 7): `script-src 'self'` and
`style-src 'self'` on every response, and markup that needs nothing more: no inline script, no
`on…=` handler, no `style=` attribute, no `<style>` element, no `hx-on`, no `javascript:` URL,
in any template or in any HTML that Python code writes. The real browser proves the pages run
under the policy (tests/e2e/test_csp.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import path

import pacte
from pacte import urls as pacte_urls

PACTE = Path(pacte.__file__).resolve().parent

STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}

# What a strict policy refuses in markup. A <script> is allowed only with a src and no body, or
# as a data block (`type="application/json"`, which the browser never runs).
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_FORBIDDEN = {
    "style= attribute": re.compile(r"<[a-zA-Z][^>]*?\sstyle\s*=", re.DOTALL),
    "<style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "on…= handler": re.compile(r"<[a-zA-Z][^>]*?\son[a-z]+\s*=", re.DOTALL),
    "hx-on": re.compile(r"\b(?:data-)?hx-on\b", re.IGNORECASE),
    "javascript: URL": re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE),
}
_DJANGO_COMMENTS = re.compile(
    r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|<!--.*?-->", re.DOTALL
)


def csp_problems(html: str) -> list[str]:
    """Everything in `html` that `script-src 'self'; style-src 'self'` would refuse."""
    html = _DJANGO_COMMENTS.sub("", html)
    problems = [
        f"{what}: {match.group(0)[:80]!r}"
        for what, pattern in _FORBIDDEN.items()
        for match in pattern.finditer(html)
    ]
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if re.search(r"""\stype\s*=\s*["']?application/json""", attributes):
            continue
        if body.strip() or not re.search(r"\ssrc\s*=", attributes):
            problems.append(f"inline script: {match.group(0)[:80]!r}")
    return problems


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def assert_strict(response) -> None:
    assert policy(response) == STRICT, response["Content-Security-Policy"]
    assert "unsafe" not in response["Content-Security-Policy"]


def template_files() -> list[Path]:
    found = sorted(
        path
        for path in PACTE.glob("**/templates/**/*")
        if path.is_file() and path.suffix in (".html", ".svg", ".xml")
    )
    found += sorted(PACTE.glob("**/static/**/*.svg"))
    return found


def test_the_checker_catches_what_the_policy_refuses():
    """The scanner below is only as good as this: each refused pattern is caught."""
    for bad in (
        '<div style="width: 40%">',
        "<p\n  class='x' style='color: red'>",
        '<button onclick="go()">',
        '<body onload="init()">',
        '<form hx-on::after-request="this.reset()">',
        '<a href="javascript:void(0)">',
        "<style>.a { color: red }</style>",
        "<script>alert(1)</script>",
        '<script type="module">import "x";</script>',
        "<script>\n</script>",
        '<rect style="fill: red"/>',
    ):
        assert csp_problems(bad), bad
    for good in (
        '<script src="/static/pacte/app.js" defer></script>',
        '<script type="application/json" id="s">{"a": 1}</script>',
        '<rect class="chart-bar" fill="currentColor"/>',
        "<p>Set the decision style= in the settings</p>",
        '{% if once %}<a class="x">{% endif %}',
        "{# style= would be refused #}",
    ):
        assert csp_problems(good) == [], good


def test_no_template_needs_more_than_the_policy_allows():
    """Issue 10, item 7: every template (and every inlined SVG icon) runs under the CSP."""
    files = template_files()
    assert len(files) > 50 and any(path.name == "base.html" for path in files)
    problems = [
        f"{path.relative_to(PACTE)}: {problem}"
        for path in files
        for problem in csp_problems(path.read_text(encoding="utf-8"))
    ]
    assert problems == []


def _html_strings(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "<" in node.value:
            yield node.lineno, node.value


def test_no_python_code_writes_markup_the_policy_refuses():
    """Issue 10, item 7: HTML built in Python (template tags, charts, format_html) too."""
    problems = []
    for module in sorted(PACTE.glob("**/*.py")):
        if {"tests", "migrations"} & set(module.relative_to(PACTE).parts):
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for line, text in _html_strings(tree):
            problems += [f"{module.relative_to(PACTE)}:{line}: {p}" for p in csp_problems(text)]
    assert problems == []


def test_the_policy_is_the_strict_one():
    """Issue 10, item 7: no 'unsafe-inline', no 'unsafe-eval', nothing from elsewhere."""
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"] == STRICT
    assert "csp.middleware.CSPMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_signed_in_page_is_sent_with_the_strict_policy_and_obeys_it(world):
    """Issue 10, item 7: the dashboard and a client page, signed in; the portal home."""
    http = HttpClient()
    http.force_login(world.users["owner"])
    for url in ("/dashboard/", f"/clients/{world.client.pk}/"):
        response = http.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
        assert csp_problems(response.content.decode()) == [], url
    portal = HttpClient()
    portal.force_login(world.users["portal"])
    response = portal.get("/portal/")
    assert response.status_code == 200
    assert_strict(response)
    assert csp_problems(response.content.decode()) == []


@pytest.mark.django_db
def test_public_pages_and_the_api_carry_the_policy_too(world):
    """Issue 10, item 7: the sign-in page, and JSON answers (harmless, and uniform)."""
    response = HttpClient().get("/accounts/login/")
    assert response.status_code == 200
    assert_strict(response)
    assert csp_problems(response.content.decode()) == []
    api = HttpClient().get(
        "/api/v1/clients", headers={"Authorization": f"Bearer {world.token('viewer')}"}
    )
    assert api.status_code == 200
    assert_strict(api)


@pytest.mark.django_db
def test_error_pages_carry_the_policy_and_obey_it(world):
    """Issue 10, item 7: the 404 page (signed in and not) under the policy."""
    http = HttpClient()
    http.force_login(world.users["owner"])
    for client in (http, HttpClient()):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert_strict(response)
        assert csp_problems(response.content.decode()) == []


def _broken(request, kind):
    if kind == "bad":
        raise SuspiciousOperation("a request Django refuses")
    raise RuntimeError("a bug")


# This module is also the URLconf of the test below: Pacte's own error handlers, and a view
# that fails on demand.
urlpatterns = [path("broken/<str:kind>/", _broken)]
handler404 = pacte_urls.handler404
handler500 = pacte_urls.handler500


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_the_400_and_500_pages_carry_the_policy_and_obey_it():
    """Issue 10, item 7: the pages Django renders without any context (400, 500)."""
    http = HttpClient(raise_request_exception=False)
    for kind, status in (("bad", 400), ("bug", 500)):
        response = http.get(f"/broken/{kind}/")
        assert response.status_code == status
        assert_strict(response)
        html = response.content.decode()
        assert csp_problems(html) == [] and 'href="/static/pacte/pacte.css"' in html, kind


@pytest.mark.django_db
def test_the_csrf_failure_page_is_pactes_own_and_has_no_inline_style():
    """Issue 10, item 7: Django's own CSRF page is styled inline (a <style> element), which
    the policy refuses; templates/403_csrf.html replaces it, translated like every page."""
    http = HttpClient(enforce_csrf_checks=True)
    response = http.post(
        "/accounts/login/",
        {"username": "a@b.test", "password": "x"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 403
    assert_strict(response)
    html = response.content.decode()
    assert csp_problems(html) == []
    assert "The form has expired" in html and 'href="/static/pacte/pacte.css"' in html
    assert '<html lang="en">' in html
    french = http.post("/accounts/login/", {}, headers={"Accept-Language": "fr"})
    assert french.status_code == 403
    assert '<html lang="fr">' in french.content.decode()


@pytest.mark.django_db
def test_the_api_docs_page_loads_only_local_assets_under_the_policy():
    """Issue 10, item 7: Swagger UI from django-ninja's static files, its settings in a JSON
    data block, no online validator (an image from another site, refused by img-src)."""
    response = HttpClient().get("/api/v1/docs")
    assert response.status_code == 200
    assert_strict(response)
    html = response.content.decode()
    assert csp_problems(html) == []
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(src.startswith("/static/") for src in sources), sources
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert "/static/ninja/swagger-ui-init.js" in sources
    assert re.search(r'"validatorUrl":\s*null', html)
    for asset in ("/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui.css"):
        assert HttpClient().get(asset).status_code == 200, asset


@pytest.mark.django_db
def test_htmx_injects_no_style_and_the_stylesheet_has_its_indicator_rules(world):
    """Issue 10, item 7: htmx would add its indicator rules as an inline <style>, which the
    policy refuses: base.html turns that off and pacte.css carries the rules."""
    http = HttpClient()
    http.force_login(world.users["owner"])
    html = http.get("/dashboard/").content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert meta, "no htmx-config meta in base.html"
    assert '"includeIndicatorStyles": false' in meta.group(1)
    assert '"allowEval": false' in meta.group(1)
    css = (PACTE / "kernel/static/pacte/pacte.css").read_text(encoding="utf-8")
    assert ".htmx-indicator {" in css and ".htmx-request .htmx-indicator" in css
