from django.http import JsonResponse
from django.urls import include, path
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.i18n import JavaScriptCatalog

from .api import api
from .kernel import auth_views

urlpatterns = [
    # Sign-in and password reset with throttling; Django's own views for the rest.
    path("accounts/login/", auth_views.SignInView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("portal/", include("pacte.portal.urls")),
    path("", include("pacte.clients.urls")),
    path("", include("pacte.engagements.urls")),
    path("", include("pacte.assets.urls")),
    path("", include("pacte.handoff.urls")),
    path("", include("pacte.deadlines.urls")),
    path("", include("pacte.assets.export_urls")),
    path("", include("pacte.workspace.urls")),
    path("", include("pacte.search.urls")),
    path("", include("pacte.dashboard.urls")),
    path("", include("pacte.governance.urls")),
    path("", include("pacte.support.urls")),
    path("", include("pacte.consents.urls")),
    path("", include("pacte.conflicts.urls")),
    path("", include("pacte.casestudies.urls")),
    path("", include("pacte.reports.urls")),
    path("", include("pacte.attachments.urls")),
    path("", include("pacte.reminders.urls")),
    path("", include("pacte.evidence.urls")),
    path("", include("pacte.portability.urls")),
    path("", include("pacte.csvimport.urls")),
]


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


# Errors Django answers itself, before or outside ninja (an unknown /api/ URL, a failure in a
# middleware): under /api/ they are JSON {code, detail} like every other API error; elsewhere
# the styled pages (templates 404.html and 500.html).


def not_found(request, exception):
    if _is_api(request):
        return JsonResponse({"code": "not_found", "detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            {
                "code": "server_error",
                "detail": _(
                    "Something went wrong on the server. Try again; if it happens again, tell "
                    "whoever runs Pacte."
                ),
            },
            status=500,
        )
    return defaults.server_error(request)


handler404 = not_found
handler500 = server_error
