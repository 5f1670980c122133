from django.urls import path

from . import views

urlpatterns: list = [
    path("workspace/exports/", views.export_jobs_panel, name="export_jobs_panel"),
    path(
        "workspace/exports/<int:job_id>/download/",
        views.export_download,
        name="export_download",
    ),
]
