from django.urls import path

from . import views

urlpatterns = [
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:client_id>/", views.client_detail, name="client_detail"),
    path("clients/<int:client_id>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:client_id>/do/<slug:action>/", views.client_action, name="client_action"),
    path(
        "clients/<int:client_id>/do/<slug:action>/<int:row_id>/",
        views.client_action,
        name="client_row_action",
    ),
    path("clients/<int:client_id>/contacts/new/", views.contact_create, name="contact_create"),
    path(
        "clients/<int:client_id>/portal-access/new/",
        views.portal_access_create,
        name="portal_access_create",
    ),
    path("clients/<int:client_id>/exchanges/new/", views.exchange_create, name="exchange_create"),
]
