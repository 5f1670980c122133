from django.urls import path

from . import views

urlpatterns = [
    path("members/", views.members, name="members"),
    path("members/<int:member_id>/role/", views.member_role, name="member_role"),
    path("members/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path(
        "members/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/", views.invitations, name="invitations"),
    path(
        "invitations/<int:invitation_id>/accept/",
        views.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        views.invitation_decline,
        name="invitation_decline",
    ),
    path("invitations/join/<str:key>/", views.invitation_link, name="invitation_link"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("ledger/", views.ledger_page, name="ledger"),
    path("ledger/verify/", views.ledger_full_walk, name="ledger_full_walk"),
    path("workspace/switch/", views.workspace_switch, name="workspace_switch"),
    path("workspace/settings/", views.workspace_settings, name="workspace_settings"),
    path("workspace/policy/", views.workspace_policy, name="workspace_policy"),
    path("workspace/settings/calendar/", views.workspace_calendar, name="workspace_calendar"),
    path("workspace/settings/do/<slug:action>/", views.settings_action, name="settings_action"),
    path("workspace/settings/closure-days/", views.closure_day_add, name="closure_day_add"),
    path(
        "workspace/settings/closure-days/<int:closure_day_id>/remove/",
        views.closure_day_remove,
        name="closure_day_remove",
    ),
]
