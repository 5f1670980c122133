from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from .api import api

urlpatterns = [
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
]
