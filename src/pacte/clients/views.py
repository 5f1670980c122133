from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.kernel.actions import action_view, get_page, render_page
from pacte.kernel.errors import DomainError
from pacte.kernel.permissions import Perm
from pacte.kernel.web import member_view, report_domain_error
from pacte.workspace.selectors import member_list

from . import listing, selectors, services
from .forms import ClientForm
from .panels import PAGE


def _filters():
    return [("", gettext_lazy("All"))] + [(f.name, f.label) for f in listing.filters()]


@member_view(Perm.CLIENT_VIEW)
def client_list(request):
    query = request.GET.get("q", "")
    status = request.GET.get("status", "")
    if status not in listing.filter_names():
        status = ""
    page = Paginator(
        selectors.client_list(actor=request.actor, query=query, status=status), 25
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "clients/list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "filters": _filters(),
            "columns": listing.columns(),
        },
    )


@member_view(Perm.CLIENT_EDIT)
def client_create(request):
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_create(actor=request.actor, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("Client “%(name)s” created.") % {"name": client.name})
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/form.html", {"form": form, "client": None})


@member_view(Perm.CLIENT_EDIT)
def client_edit(request, client_id: int):
    client = selectors.client_get(actor=request.actor, client_id=client_id)
    form = ClientForm(
        request.POST or None, instance=client, members=member_list(actor=request.actor)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(actor=request.actor, client_id=client.pk, **form.cleaned_data)
        except DomainError as exc:
            report_domain_error(request, form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/form.html", {"form": form, "client": client})


@member_view(Perm.CLIENT_VIEW)
def client_detail(request, client_id: int):
    """The client page: its header and the panels every app registers for it."""
    page = get_page(PAGE)
    return render_page(request, page, page.load(actor=request.actor, pk=client_id))


def client_action(request, client_id: int, action: str, row_id: int | None = None):
    """Every POST of the client page; a row is reached through the client."""
    return action_view(request, PAGE, client_id, action, row_id)


# The first addresses of the client page's forms, kept for links and scripts that name them;
# each still asks for the permission it always did before reading the form.
@member_view(Perm.CLIENT_EDIT)
def contact_create(request, client_id: int):
    return client_action(request, client_id, "contact")


@member_view(Perm.PORTAL_USER_MANAGE)
def portal_access_create(request, client_id: int):
    return client_action(request, client_id, "portal-access")


@member_view(Perm.EXCHANGE_LOG)
def exchange_create(request, client_id: int):
    return client_action(request, client_id, "exchange")
