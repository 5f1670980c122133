"""Every form renders through one form template (`FORM_RENDERER`): labels with no colon, a
star on required fields, a real prompt instead of "---------", native date and number inputs,
and each error beside its field, tied to it for assistive technologies."""

import importlib
import importlib.util
import inspect
import re

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.test import Client as HttpClient
from django.utils import translation

from pacte.assets.forms import AssetForm
from pacte.billing.forms import InvoiceForm
from pacte.billing.models import Invoice
from pacte.clients.forms import ContactForm
from pacte.engagements.forms import EngagementForm, TerminateForm
from pacte.engagements.models import ChangeRequest
from pacte.engagements.services import change_request_create, engagement_create
from pacte.kernel.forms import DASHES, PacteBoundField, PacteForm, PacteFormRenderer
from pacte.workspace.forms import TokenCreateForm

pytestmark = pytest.mark.django_db


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class of every Pacte app, found by importing each app's `forms` module."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("pacte.") or config.name == "pacte.kernel":
            continue
        module_name = f"{config.name}.forms"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                found.append(cls)
    return found


FORMS = project_forms()
LABELS = re.compile(r"<(label|legend)\b[^>]*>(.*?)</\1>", re.S)
OPTIONS = re.compile(r'<option value="([^"]*)"[^>]*>([^<]*)</option>')


def test_the_forms_of_every_app_are_found():
    names = {cls.__name__ for cls in FORMS}
    assert {"InvoiceForm", "EngagementForm", "AssetForm", "ClientForm", "RiskForm"} <= names
    assert len(FORMS) >= 25


def test_the_renderer_is_the_one_in_the_settings():
    form = AuthenticationForm()
    assert isinstance(form.renderer, PacteFormRenderer)
    assert form.template_name == "kernel/forms/form.html"
    assert isinstance(form["username"], PacteBoundField)


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_form_reads_as_pacte_wants(form_class, language):
    with translation.override(language):
        form = form_class()
        assert issubclass(form_class, PacteForm | forms.ModelForm)
        html = str(form)
    assert DASHES not in html
    assert "<p>" not in html.split('class="field')[0]  # no as_p paragraphs
    for _tag, label in LABELS.findall(html):
        text = re.sub(r"<span class=\"required\".*?</span>", "", label).strip()
        assert not text.endswith(":"), label
    for name, field in form.fields.items():
        bound = form[name]
        if bound.is_hidden:
            continue
        # The star on required fields, and only on them.
        field_html = bound.as_field_group()
        assert field_html.startswith('<div class="field')
        starred = '<span class="required" aria-hidden="true">*</span>' in field_html
        assert starred == field.required, name
        if field.required and not isinstance(field.widget, forms.CheckboxInput):
            assert re.search(r"\b(required|aria-required=\"true\")", str(bound)), name
        # A choice with an empty option says what to do.
        if isinstance(field, forms.ChoiceField):
            for value, label in field.choices:
                if value == "":
                    assert str(label) not in ("", DASHES)
                    if field.required:
                        assert str(label) != "—", f"{name}: a required choice needs a prompt"
        # Native inputs: dates are dates, counts are numbers, amounts a decimal keyboard.
        if isinstance(field, forms.DateField):
            assert 'type="date"' in str(bound), name
        elif isinstance(field, forms.DecimalField):
            assert 'type="text"' in str(bound) and 'inputmode="decimal"' in str(bound), name
        elif isinstance(field, forms.IntegerField):
            assert 'type="number"' in str(bound), name


def test_required_choices_without_a_default_ask_for_a_choice():
    with translation.override("en"):
        assert OPTIONS.findall(str(EngagementForm()["client_id"]))[0] == (
            "",
            "Choose a client…",
        )
        assert OPTIONS.findall(str(InvoiceForm()["kind"]))[0] == ("", "Choose a kind…")
        assert OPTIONS.findall(str(AssetForm()["kind"]))[0] == ("", "Choose a kind…")
        assert OPTIONS.findall(str(AssetForm()["licence"]))[0] == ("", "—")
        assert OPTIONS.findall(str(TerminateForm()["terminated_by"]))[0][0] == ""
    with translation.override("fr"):
        assert OPTIONS.findall(str(EngagementForm()["client_id"]))[0] == (
            "",
            "Choisissez un client…",
        )


def test_a_date_shows_in_iso_in_a_date_input_whatever_the_language():

    with translation.override("fr"):
        html = str(InvoiceForm(initial={"due_on": "2026-11-24"})["due_on"])
    assert 'value="2026-11-24"' in html


def test_an_amount_typed_with_a_decimal_comma_is_read():

    with translation.override("fr"):
        form = InvoiceForm({"kind": "deposit", "amount": "1250,50", "due_on": "2026-11-24"})
        assert form.is_valid(), form.errors
    assert str(form.cleaned_data["amount"]) == "1250.50"


def test_django_s_own_forms_have_no_colon_either():
    for form in (AuthenticationForm(), PasswordResetForm(), SetPasswordForm(user=None)):
        html = str(form)
        assert ":</label>" not in html and ':<span class="required"' not in html
        assert '<span class="required" aria-hidden="true">*</span></label>' in html


def test_the_error_sits_beside_its_field_and_is_tied_to_it():

    with translation.override("en"):
        form = InvoiceForm({"kind": "deposit", "amount": "abc"}, prefix="invoice")
        assert not form.is_valid()
        form.add_error(None, "Something about the whole invoice.")
        html = str(form)
    # The field in error: its wrapper says so, the widget is invalid and described by the
    # error, which follows it.
    block = re.search(
        r'<div class="field has-error">\s*<label for="id_invoice-amount">.*?</div>', html, re.S
    ).group(0)
    widget = re.search(r"<input[^>]*>", block).group(0)
    assert 'aria-invalid="true"' in widget
    assert 'aria-describedby="id_invoice-amount_error"' in widget
    assert block.index(widget) < block.index('<p class="field-error" id="id_invoice-amount_error">')
    # A field without an error is not marked.
    number = re.search(
        r'<div class="field">\s*<label for="id_invoice-number">.*?</div>', html, re.S
    )
    assert number and "aria-invalid" not in number.group(0)
    # An error tied to no field comes first, as an alert.
    assert html.startswith('<div class="notice bad form-errors" role="alert">')
    assert "Something about the whole invoice." in html.split("</div>")[0]


def test_help_text_is_tied_to_its_field():

    html = str(TokenCreateForm())
    assert 'aria-describedby="id_name_help"' in html
    assert '<p class="help" id="id_name_help">' in html


def test_a_hidden_field_has_no_wrapper():
    class WithHidden(PacteForm):
        token = forms.CharField(widget=forms.HiddenInput)
        name = forms.CharField()

    html = str(WithHidden())
    assert '<input type="hidden" name="token"' in html
    assert html.count('<div class="field') == 1


def test_a_checkbox_field_says_so():

    html = str(ContactForm()["for_decisions"].as_field_group())
    assert html.startswith('<div class="field field-checkbox">')


# --- whole pages ---------------------------------------------------------------------------


def browser(world, kind="owner", **headers):
    http = HttpClient(headers={"Accept-Language": "en", **headers})
    http.force_login(world.users[kind])
    return http


def new_engagement(world):
    return engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title="Refonte", value="5000.00"
    )


def test_an_invalid_invoice_comes_back_with_the_error_right_after_its_field(world):
    e = new_engagement(world)
    page = browser(world).post(
        f"/engagements/{e.pk}/do/invoice/",
        {"invoice-kind": "deposit", "invoice-amount": "beaucoup", "invoice-due_on": ""},
    )
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("amount", "due_on"):
        field_id = f"id_invoice-{name}"
        block = re.search(
            rf'<div class="field has-error">\s*<label for="{field_id}">.*?</div>', html, re.S
        )
        assert block, name
        block = block.group(0)
        assert re.search(
            rf'<input [^>]*aria-invalid="true" aria-describedby="{field_id}_error" '
            rf'id="{field_id}">\s*<p class="field-error" id="{field_id}_error">',
            block,
        ), block
    assert 'value="beaucoup"' in html
    assert "<p>Kind" not in html and "Kind:" not in html
    assert not Invoice.objects.in_workspace(world.workspace).exists()


def test_the_new_engagement_page_asks_to_choose_a_client(world):
    html = browser(world).get("/engagements/new/").content.decode()
    assert '<option value="" selected>Choose a client…</option>' in html
    assert DASHES not in html
    with_client = browser(world).get(f"/engagements/new/?client={world.client.pk}")
    assert f'<option value="{world.client.pk}" selected>' in with_client.content.decode()


def test_a_row_form_shows_its_error_beside_the_input(world):
    e = new_engagement(world)
    change = change_request_create(actor=world.actor("owner"), engagement_id=e.pk, title="Page")
    page = browser(world).post(
        f"/engagements/{e.pk}/do/change-move/{change.pk}/",
        {"to": "estimated", "estimate_hours": "trois"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    field_id = f"cr-{change.pk}-estimate_hours"
    assert re.search(
        rf'<input [^>]*id="{field_id}"[^>]*aria-invalid="true" '
        rf'aria-describedby="{field_id}_error">\s*<p class="field-error" id="{field_id}_error">',
        html,
    ), html
    assert ChangeRequest.objects.in_workspace(world.workspace).get(pk=change.pk).status == "new"
