"""What the web face shares: the decorators that resolve the actor and translate errors."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from .errors import DomainError, NotFound, PermissionDenied
from .permissions import Perm


def _guarded(view, *, allow, perm):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        htmx = getattr(request, "htmx", False)
        if not request.user.is_authenticated:
            if htmx:
                # A part of a page refreshing itself (an export's progress) after the session
                # ended: the whole page goes to sign-in, and comes back to itself after.
                return HttpResponseClientRedirect(
                    redirect_to_login(htmx.current_url_abs_path or request.get_full_path()).url
                )
            return redirect_to_login(request.get_full_path())
        actor = request.actor
        # A page of the other space answers "not found", like any page outside one's reach.
        if actor is None or not allow(actor):
            raise Http404()
        try:
            if perm is not None:
                actor.require(perm)
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404() from None
        except PermissionDenied:
            if htmx:
                # Rights taken away while the page refreshes itself: reload it whole, which
                # answers 403 once, rather than a part that fails every two seconds.
                return HttpResponseClientRefresh()
            raise DjangoPermissionDenied() from None

    return wrapper


def member_view(perm: Perm | None = Perm.WORKSPACE_VIEW):
    """A page of the provider's space (members only), needing `perm`."""
    return lambda view: _guarded(view, allow=lambda a: a.is_member, perm=perm)


def portal_view(perm: Perm | None = Perm.PORTAL_VIEW):
    """A page of the client portal (portal users only)."""
    return lambda view: _guarded(view, allow=lambda a: a.is_portal, perm=perm)


def signed_in_view(perm: Perm | None = None):
    """A page for members and portal users alike (search): each sees only what their actor
    reaches; anonymous people are sent to the login page."""
    return lambda view: _guarded(view, allow=lambda a: a.is_member or a.is_portal, perm=perm)


def report_domain_error(request, form, exc: DomainError) -> None:
    """Put a service's refusal where the person will read it: on the field, or on top.

    "Not found" and "not allowed" are not refusals to explain: they go on to the
    decorator, which answers 404 or 403 as for any page out of reach.
    """
    if not place_on_fields(form, exc):
        messages.error(request, exc.detail)


def place_on_fields(form, exc: DomainError) -> bool:
    """Put a service's refusal beside the form's fields it names; True when any was placed.

    "Not found" and "not allowed" are not refusals to explain: they go on to the decorator,
    which answers 404 or 403 as for any page out of reach."""
    if isinstance(exc, NotFound | PermissionDenied):
        raise exc
    placed = False
    if form is not None:
        for name, errors in exc.fields.items():
            if name in form.fields:
                for error in errors:
                    form.add_error(name, error)
                placed = True
    return placed


def run_form_action(request, form, service, *, success: str, **extra) -> bool:
    """Validate a posted form and hand its values to a service, as the actor.

    Returns True when the service succeeded. Refusals — invalid fields or a service's
    DomainError — become messages the person reads after the redirect; nothing is written.
    """
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label}: {errors[0]}" if label else errors[0])
        return False
    try:
        service(actor=request.actor, **form.cleaned_data, **extra)
    except DomainError as exc:
        report_domain_error(request, None, exc)
        return False
    messages.success(request, success)
    return True
