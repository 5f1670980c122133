"""One action view for every POST on a page built from panels.

A page (the engagement page, the client page) is declared once by the app that owns it; each
app then declares its actions on that page as data: the form, the service, the row's model and
how the row reaches the page's object, the panel to re-render, and what to say on success.

The view:
- loads the page's object through the actor (404 when out of reach);
- loads the row *through that object*: a row of another engagement or client answers 404,
  exactly like a row the actor cannot reach;
- validates the form and calls the service as the actor;
- on success, redirects to the page (htmx: asks the browser to reload it), with a message;
- on an invalid form or a service's refusal tied to a field, renders the panel again with the
  person's input kept and the errors beside the fields: the panel alone for htmx, the whole
  page otherwise. A refusal tied to no field is said on top of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .errors import DomainError
from .panels import Registry, build_panel, build_panels, get_panel, page_reads
from .permissions import Perm
from .tenancy import Actor
from .web import member_view, place_on_fields, portal_view


@dataclass(frozen=True)
class Page:
    """A page built from panels: how to load its object, and how to render it whole."""

    name: str
    load: Callable[..., Any]  # (actor=, pk=) -> the page's object, NotFound when out of reach
    template: str
    url_name: str
    perm: Perm = Perm.WORKSPACE_VIEW
    # Who the page is for: the provider's members, or the client's people in the portal.
    audience: str = "member"
    # Extra context for the whole page, beyond its panels: (actor=, obj=) -> dict
    context: Callable[..., dict] | None = field(default=None, compare=False)
    # False for a page of which the actor has one (their workspace's settings): no id in its URL.
    url_takes_id: bool = True

    def url(self, obj) -> str:
        return (
            reverse(self.url_name, args=[obj.pk])
            if self.audience == "member" and self.url_takes_id
            else reverse(self.url_name)
        )

    def guard(self, view):
        """The decorator that resolves the actor and answers 404/403 for this page."""
        if self.audience == "portal":
            return portal_view(self.perm)(view)
        return member_view(self.perm)(view)


@dataclass(frozen=True)
class Action:
    """A POST on a page: `/…/<page object id>/do/<name>/[<row id>/]`."""

    page: str
    name: str
    panel: str
    service: Callable[..., Any]
    success: Any  # a (lazy) message
    form: type[django_forms.Form] | None = None
    # Fills the form's choices from the page's object: (actor, obj, posted) -> form kwargs.
    # `posted` is True when validating a POST: the service, not the form, then explains a
    # choice the page would not offer (R-NO's refused recommendation, say).
    form_kwargs: Callable[[Actor, Any, bool], dict] | None = field(default=None, compare=False)
    # The keyword under which the service takes the page object's id (None: not passed).
    object_kw: str | None = None
    # A row action names the row's model, the lookup from the row to the page's object, and
    # the keyword under which the service takes the row's id.
    row_model: Any = None
    row_parent: str = ""
    row_kw: str = ""
    # The form's prefix: the action's name by default; None for none.
    form_prefix: str | None = ""
    # Checked before the form is even read: a viewer gets 403, not a form full of errors.
    # The service checks it again, as it does for every face.
    perm: Perm | None = None

    @property
    def prefix(self) -> str | None:
        return self.name if self.form_prefix == "" else self.form_prefix

    def make_form(self, actor: Actor, obj, data=None):
        if self.form is None:
            return None
        kwargs = self.form_kwargs(actor, obj, data is not None) if self.form_kwargs else {}
        return self.form(data, prefix=self.prefix, **kwargs)


_pages: Registry[Page] = Registry("page")
_actions: Registry[Action] = Registry("action")


def register_page(page: Page) -> Page:
    return _pages.add((page.name,), page)


def register_action(action: Action) -> Action:
    return _actions.add((action.page, action.name), action)


def registered_actions(page: str) -> list[Action]:
    return [a for a in _actions.entries() if a.page == page]


def get_page(name: str) -> Page:
    page = _pages.get((name,))
    if page is None:
        raise LookupError(f"no page {name!r} is registered")
    return page


def fresh_form(actor: Actor, obj, page: str, name: str, forms: dict):
    """The form of action `name` for a panel: the one posted with errors, or a fresh one."""
    posted = forms.get(name)
    if posted is not None and forms.get("row_id") is None:
        return posted
    action = _actions.get((page, name))
    return action.make_form(actor, obj) if action else None


def row_form(actor: Actor, obj, page: str, name: str, forms: dict, row_id: int):
    """The form of row action `name` for one row: the posted one on the row it was posted
    for, a fresh one on every other row."""
    if forms.get(name) is not None and forms.get("row_id") == row_id:
        return forms[name]
    action = _actions.get((page, name))
    return action.make_form(actor, obj) if action else None


def render_page(request, page: Page, obj, *, forms=None, status: int = 200):
    actor = request.actor
    with page_reads():
        context = {
            "object": obj,
            "page": page,
            "panels": build_panels(page.name, actor=actor, obj=obj, forms=forms),
        }
        if page.context is not None:
            context.update(page.context(actor=actor, obj=obj))
    return render(request, page.template, context, status=status)


def _render_invalid(request, page: Page, action: Action, obj, form, row_id):
    forms = {action.panel: {action.name: form, "row_id": row_id}}
    if request.htmx:
        panel = get_panel(page.name, action.panel)
        with page_reads():
            rendered = panel and build_panel(
                panel, actor=request.actor, obj=obj, forms=forms[action.panel]
            )
        if rendered is not None:
            return render(request, rendered.template, {"p": rendered.data, "object": obj})
    return render_page(request, page, obj, forms=forms)


def _done(request, page: Page, obj):
    url = page.url(obj)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _place_refusal(request, form, exc: DomainError) -> bool:
    """Put a service's refusal beside its fields, or on top of the form for htmx (the panel
    alone comes back), or on top of the page. True when the form should be shown again."""
    placed = place_on_fields(form, exc)
    if form is None:
        return False
    if not placed:
        if request.htmx:
            form.add_error(None, exc.detail)
        else:
            messages.error(request, exc.detail)
    return True


def action_view(request, page_name: str, object_id: int, action: str, row_id: int | None = None):
    page = get_page(page_name)

    @page.guard
    def run(request):
        actor = request.actor
        declared = _actions.get((page_name, action))
        if declared is None or bool(declared.row_model) != (row_id is not None):
            raise Http404()
        if declared.perm is not None:
            actor.require(declared.perm)
        obj = page.load(actor=actor, pk=object_id)
        kwargs = {}
        if declared.object_kw:
            kwargs[declared.object_kw] = obj.pk
        if declared.row_model is not None:
            # Through the page's object: another engagement's row is not found here.
            row = actor.get_or_404(
                declared.row_model.objects.filter(**{declared.row_parent: obj}), pk=row_id
            )
            kwargs[declared.row_kw] = row.pk
        form = declared.make_form(actor, obj, request.POST)
        if form is not None:
            if not form.is_valid():
                return _render_invalid(request, page, declared, obj, form, row_id)
            kwargs.update(form.cleaned_data)
        try:
            declared.service(actor=actor, **kwargs)
        except DomainError as exc:
            if _place_refusal(request, form, exc):
                return _render_invalid(request, page, declared, obj, form, row_id)
            messages.error(request, exc.detail)
            return _done(request, page, obj)
        messages.success(request, str(declared.success))
        return _done(request, page, obj)

    return require_POST(run)(request)
