from django.urls import path

from . import views

urlpatterns = [
    path("reminders/", views.reminder_settings, name="reminder_settings"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:email_id>/resend/", views.outbox_resend, name="outbox_resend"),
]
