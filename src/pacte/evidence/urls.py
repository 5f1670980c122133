from django.urls import path

from . import views

urlpatterns = [
    path("clients/<int:client_id>/evidence.zip", views.evidence_download, name="evidence_download"),
]
