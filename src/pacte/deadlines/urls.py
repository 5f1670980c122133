from django.urls import path

from . import views

urlpatterns = [
    path("deadlines/", views.deadlines, name="deadlines"),
    path("deadlines/feed/", views.deadline_feed_create, name="deadline_feed_create"),
    path("deadlines/feed/revoke/", views.deadline_feed_revoke, name="deadline_feed_revoke"),
    path("calendar/<str:secret>.ics", views.deadline_calendar_ics, name="deadline_calendar"),
]
