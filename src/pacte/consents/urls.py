from django.urls import path, re_path

from . import views

urlpatterns = [
    path("consents/", views.workspace_register, name="consents"),
    re_path(
        r"^consents/references\.(?P<format>csv|html)$",
        views.references_export,
        name="references_export",
    ),
    path("clients/<int:client_id>/consents/", views.client_register, name="consent_register"),
    path(
        "clients/<int:client_id>/consents/record/",
        views.consent_record,
        name="consent_record",
    ),
    path(
        "clients/<int:client_id>/consents/<int:consent_id>/revoke/",
        views.consent_revoke,
        name="consent_revoke",
    ),
]
