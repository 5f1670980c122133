from itertools import groupby

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from pacte.clients.selectors import client_get
from pacte.kernel.charts import gauge, sparkline
from pacte.kernel.errors import DomainError
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error, run_form_action

from . import selectors, services
from .forms import ActionForm, AssetForm
from .renewals import asset_cancel_by


def reversibility_gauge(reversibility):
    """R-OWN's score as a half-circle gauge: full and green when the client owns and controls
    everything, amber below, red under half."""
    score = reversibility.score
    level = "ok" if score >= 100 else "warn" if score >= 50 else "bad"
    return gauge(
        score,
        title=_("Reversibility score"),
        desc=ngettext(
            "%(score)d %%: %(passed)d of %(checks)d ownership check passes.",
            "%(score)d %%: %(passed)d of %(checks)d ownership checks pass.",
            reversibility.checks,
        )
        % {"score": score, "passed": reversibility.passed, "checks": reversibility.checks},
        value_label=f"{score}\u00a0%",
        level=level,
        columns=(_("Measure"), pgettext("chart data", "Value")),
        rows=(
            (_("Reversibility score"), f"{score}\u00a0%"),
            (_("Ownership checks passed"), str(reversibility.passed)),
            (_("Ownership checks"), str(reversibility.checks)),
        ),
        ident="reversibility-gauge",
    )


def reversibility_trend(scores):
    """The score over time, oldest first; drawn only from two scores on. Pacte keeps no
    history of scores yet, so the page passes none: the trend appears once it does."""
    return sparkline(
        scores,
        title=_("Reversibility over time"),
        desc=_("The reversibility score at each past evaluation, oldest first."),
        columns=(_("Evaluation"), _("Score")),
        minimum=0,
        maximum=100,
        ident="reversibility-trend",
    )


@member_view(Perm.CLIENT_VIEW)
def client_assets(request, client_id: int):
    """The registry of one client, grouped by kind, each asset with its R-OWN violations."""
    actor = request.actor
    client = client_get(actor=actor, client_id=client_id)
    assets = list(selectors.asset_list(actor=actor, client=client))
    reversibility = selectors.client_reversibility(actor=actor, client=client)
    violations_by_asset: dict = {}
    for violation in reversibility.violations:
        violations_by_asset.setdefault(violation.asset_id, []).append(violation)
    groups = [
        (kind_label, [(asset, violations_by_asset.get(asset.pk, [])) for asset in items])
        for kind_label, items in groupby(assets, key=lambda a: a.get_kind_display())
    ]
    # Each asset's cancel-by date over the coming year, from the rows already loaded.
    today = timezone.localdate()
    deadlines = {
        asset.pk: due
        for asset in assets
        if (due := asset_cancel_by(asset, today=today, within_days=365)) is not None
    }
    return render(
        request,
        "assets/client_assets.html",
        {
            "client": client,
            "groups": groups,
            "reversibility": reversibility,
            "reversibility_gauge": reversibility_gauge(reversibility),
            # No history of scores is kept yet: an empty trend, which draws nothing.
            "reversibility_trend": reversibility_trend([]),
            "client_level_violations": violations_by_asset.get(None, []),
            "deadlines": deadlines,
            "actions": list(selectors.action_log_list(actor=actor, client=client)[:30]),
            "asset_form": AssetForm(prefix="asset"),
            "action_form": ActionForm(prefix="action", assets=assets),
        },
    )


@require_POST
@member_view(Perm.ASSET_EDIT)
def asset_create(request, client_id: int):
    run_form_action(
        request,
        AssetForm(request.POST, prefix="asset"),
        services.asset_create,
        client_id=client_id,
        success=_("Asset registered."),
    )
    return redirect("client_assets", client_id=client_id)


@member_view(Perm.ASSET_EDIT)
def asset_edit(request, asset_id: int):
    asset = selectors.asset_get(actor=request.actor, asset_id=asset_id)
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_update(actor=request.actor, asset_id=asset.pk, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("Asset saved."))
            return redirect("client_assets", client_id=asset.client_id)
    return render(request, "assets/asset_form.html", {"form": form, "asset": asset})


@require_POST
@member_view(Perm.ASSET_EDIT)
def asset_verify(request, asset_id: int):
    asset = selectors.asset_get(actor=request.actor, asset_id=asset_id)
    try:
        services.asset_verify(actor=request.actor, asset_id=asset.pk)
    except DomainError as exc:
        report_domain_error(request, None, exc)
    else:
        messages.success(request, _("Marked as verified today."))
    return redirect("client_assets", client_id=asset.client_id)


@require_POST
@member_view(Perm.ACTION_LOG)
def action_create(request, client_id: int):
    client = client_get(actor=request.actor, client_id=client_id)
    form = ActionForm(
        request.POST,
        prefix="action",
        assets=selectors.asset_list(actor=request.actor, client=client),
    )
    run_form_action(
        request, form, services.action_log, client_id=client.pk, success=_("Action documented.")
    )
    return redirect("client_assets", client_id=client_id)
