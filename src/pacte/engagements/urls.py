from django.urls import path

from . import views

urlpatterns = [
    path("engagements/new/", views.engagement_create, name="engagement_create"),
    path("engagements/<int:engagement_id>/", views.engagement_detail, name="engagement_detail"),
    path(
        "engagements/<int:engagement_id>/do/<slug:action>/",
        views.engagement_action,
        name="engagement_action",
    ),
    path(
        "engagements/<int:engagement_id>/do/<slug:action>/<int:row_id>/",
        views.engagement_action,
        name="engagement_row_action",
    ),
]
