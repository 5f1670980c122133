"""Django's sign-in and password-reset pages, with Pacte's throttling in front
(`kernel.throttle`): the rules are there, these views only answer what the rules decide."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render

from . import throttle
from .errors import Throttled


def throttled_page(request, exc: Throttled):
    """The page for a refusal by a throttling rule: 429, its message and Retry-After."""
    response = render(
        request, "registration/throttled.html", {"message": exc.detail}, status=exc.status
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


class SignInView(auth_views.LoginView):
    """Refuses before any password is checked when the network, or the address, has failed
    too often; each failure is counted by `throttle.sign_in_failed`. django-axes still locks
    one address from one network after PACTE_LOGIN_FAILURE_LIMIT failures."""

    def post(self, request, *args, **kwargs):
        try:
            throttle.sign_in_check(request, request.POST.get("username", ""))
        except Throttled as exc:
            return throttled_page(request, exc)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Past the limit for an address: the usual "check your email" page, and nothing sent.
    Past the limit for a network: 429 with a clear message."""

    def form_valid(self, form):
        try:
            allowed = throttle.password_reset_allowed(self.request, form.cleaned_data["email"])
        except Throttled as exc:
            return throttled_page(self.request, exc)
        if not allowed:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
