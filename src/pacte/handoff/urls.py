from django.urls import path

from . import views

urlpatterns = [
    path("engagements/<int:engagement_id>/handoff/", views.handoff, name="handoff"),
    path(
        "engagements/<int:engagement_id>/handoff/steps/<int:step_id>/",
        views.handoff_step,
        name="handoff_step",
    ),
    path(
        "engagements/<int:engagement_id>/handoff/<int:plan_id>/call/",
        views.handoff_call,
        name="handoff_call",
    ),
    path(
        "engagements/<int:engagement_id>/handoff/close/", views.handoff_close, name="handoff_close"
    ),
    path(
        "engagements/<int:engagement_id>/handoff/dossier/",
        views.handoff_dossier,
        name="handoff_dossier",
    ),
    path(
        "engagements/<int:engagement_id>/handoff/dossier.zip",
        views.handoff_dossier_zip,
        name="handoff_dossier_zip",
    ),
    path("clients/<int:client_id>/takeover/", views.takeover, name="takeover"),
    path("clients/<int:client_id>/takeover/new/", views.takeover_create, name="takeover_create"),
    path(
        "clients/<int:client_id>/takeover/<int:item_id>/event/",
        views.takeover_event,
        name="takeover_event",
    ),
]
