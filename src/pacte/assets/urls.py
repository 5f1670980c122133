from django.urls import path

from . import views

urlpatterns = [
    path("clients/<int:client_id>/assets/", views.client_assets, name="client_assets"),
    path("clients/<int:client_id>/assets/new/", views.asset_create, name="asset_create"),
    path("clients/<int:client_id>/actions/new/", views.action_create, name="action_create"),
    path("assets/<int:asset_id>/edit/", views.asset_edit, name="asset_edit"),
    path("assets/<int:asset_id>/verify/", views.asset_verify, name="asset_verify"),
]
