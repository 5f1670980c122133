from django.urls import path

from . import calendar_views

urlpatterns = [
    path("deadlines/", calendar_views.deadlines, name="deadlines"),
    path("deadlines/feed/", calendar_views.deadline_feed_create, name="deadline_feed_create"),
    path(
        "deadlines/feed/revoke/", calendar_views.deadline_feed_revoke, name="deadline_feed_revoke"
    ),
    path(
        "calendar/<str:secret>.ics", calendar_views.deadline_calendar_ics, name="deadline_calendar"
    ),
]
