import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.engagements.models import EngagementStatus
from pacte.kernel.charts import (
    BarPoint,
    StripMonth,
    bar_chart,
    gauge,
    month_label,
    month_strip,
    sparkline,
)
from pacte.kernel.panels import build_panels
from pacte.kernel.permissions import Perm
from pacte.kernel.selectors import places_of_user
from pacte.kernel.templatetags.icons import available_icons
from pacte.kernel.web import member_view
from pacte.workspace.selectors import invitations_for_user


def home(request):
    """Where a signed-in person lands: the dashboard, or the portal for the client's people."""
    if not request.user.is_authenticated:
        return redirect("login")
    actor = request.actor
    if actor is None and invitations_for_user(request.user).exists():
        # Someone who belongs nowhere yet, or no longer, but has been invited: their answer.
        return redirect("invitations")
    if actor is None:
        logout(request)
        messages.error(request, _("Your account has no access to any workspace any more."))
        return redirect("login")
    return redirect("portal:home" if actor.is_portal else "dashboard")


@member_view()
def dashboard(request):
    """The panels apps register for the dashboard, in their order."""
    actor = request.actor
    panels = build_panels("dashboard", actor=actor)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "workspace": actor.workspace,
            "places": places_of_user(request.user),
            # What needs attention today: the lists apps register in the "attention" group,
            # in one card that says "all clear" when none has anything.
            "show_attention": actor.can(Perm.INTERNAL_VIEW),
            "attention": [p for p in panels if p.group == "attention"],
            "panels": [p for p in panels if p.group != "attention"],
        },
    )


class DesignSampleForm(forms.Form):
    """Each kind of field a Pacte form uses, to show them on the design page."""

    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        help_text=gettext_lazy("What the client will read on the invoice."),
    )
    client = forms.ChoiceField(
        label=gettext_lazy("Client"),
        choices=[
            ("", gettext_lazy("Choose a client…")),
            ("alpha", "Boulangerie Alpha"),
            ("beta", "Garage Beta"),
        ],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[
            ("fixed", gettext_lazy("Fixed price")),
            ("time", gettext_lazy("Time and materials")),
        ],
        widget=forms.RadioSelect,
        initial="fixed",
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hours = forms.DecimalField(
        label=gettext_lazy("Hours"), min_value=0, decimal_places=2, required=False
    )
    billable = forms.BooleanField(label=gettext_lazy("Billable"), required=False)
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def design_charts() -> dict:
    """Every chart of `kernel.charts` with sample data, for the design page."""
    first = datetime.date.today().replace(day=1)

    def month(i: int) -> datetime.date:
        return (first + datetime.timedelta(days=31 * i)).replace(day=1)

    days_late = [-3, 0, 12, 32, 41, 5, -1, 18]
    bars = bar_chart(
        [
            BarPoint(
                label=f"F-2026-{i + 1:03d}",
                value=days,
                css="open" if i == len(days_late) - 1 else "",
                axis_label=month_label(month(i - len(days_late)), year=True),
            )
            for i, days in enumerate(days_late)
        ],
        title=_("Days late per invoice"),
        desc=_("Sample data: eight invoices, four of them paid late, the last one unpaid."),
        columns=(_("Invoice"), _("Days late")),
        ident="design-bars",
    )
    counts = [(1, "bad"), (2, "warn"), (0, ""), (3, "info"), (1, "neutral"), (0, "")]
    counts += [(2, "neutral"), (0, ""), (1, "neutral"), (4, "neutral"), (0, ""), (1, "neutral")]
    strip = month_strip(
        [StripMonth(label=_("Passed"), short="!", count=1, level="bad", href="#charts")]
        + [
            StripMonth(
                label=month_label(month(i)),
                short=month_label(month(i))[:1].upper(),
                count=count,
                level=level,
                href="#charts",
                full_label=month_label(month(i), year=True),
            )
            for i, (count, level) in enumerate(counts)
        ],
        title=_("Cancel-by dates per month"),
        desc=_("Sample data: a year of cancel-by dates, one of them passed."),
        columns=(_("Month"), _("Cancel-by dates")),
        ident="design-strip",
    )
    gauges = [
        gauge(
            score,
            title=_("Reversibility score"),
            desc=_("Sample data."),
            value_label=f"{score}\u00a0%",
            level=level,
            ident=f"design-gauge-{score}",
        )
        for score, level in ((35, "bad"), (82, "warn"), (100, "ok"))
    ]
    spark = sparkline(
        [62, 64, 70, 68, 75, 81, 79, 86],
        title=_("Health score over time"),
        desc=_("Sample data: eight weeks, from 62 to 86."),
        columns=(_("Week"), _("Score")),
        minimum=0,
        maximum=100,
        ident="design-spark",
    )
    return {"bars": bars, "strip": strip, "gauges": gauges, "spark": spark}


@member_view()
def design(request):
    """Every component of the design system on one page, for whoever builds a page."""
    blank = DesignSampleForm(auto_id="blank-%s")
    # The same form as it comes back refused: an error beside one field, one on top.
    refused = DesignSampleForm(
        {
            "title": "Refonte du site",
            "client": "alpha",
            "kind": "time",
            "due_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            "hours": "12.5",
            "billable": "on",
            "notes": "",
        },
        auto_id="refused-%s",
    )
    refused.is_valid()
    refused.add_error("title", _("An engagement of this client already has this title."))
    refused.add_error(None, _("The deposit must be paid before the engagement starts."))
    return render(
        request,
        "kernel/design.html",
        {
            "blank_form": blank,
            "refused_form": refused,
            "icons": available_icons(),
            "statuses": EngagementStatus.choices,
            "charts": design_charts(),
        },
    )
