from django.urls import path

from . import views

urlpatterns = [
    path("files/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
    path(
        "files/upload/<str:subject_kind>/<int:subject_id>/",
        views.attachment_upload,
        name="attachment_upload",
    ),
]
