from django.urls import path

from . import views

urlpatterns = [
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:report_id>/review/", views.report_review, name="report_review"),
    path("reports/<int:report_id>/send/", views.report_send, name="report_send"),
    path("reports/<int:report_id>/pdf/", views.report_pdf, name="report_pdf"),
]
