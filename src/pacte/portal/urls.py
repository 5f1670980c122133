from django.urls import path

from pacte.reports import views as reports_views

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("assets/", views.assets, name="assets"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("deadlines/feed/", views.deadline_feed_create, name="deadline_feed_create"),
    path("deadlines/feed/revoke/", views.deadline_feed_revoke, name="deadline_feed_revoke"),
    path("deadlines/do/<slug:action>/", views.deadlines_action, name="deadlines_action"),
    path("handoff/", views.handoff, name="handoff"),
    path(
        "handoff/<int:engagement_id>/dossier.zip",
        views.handoff_dossier_zip,
        name="handoff_dossier_zip",
    ),
    path("recommendations/<int:recommendation_id>/decide/", views.decide, name="decide"),
    # Any action an area registers on the portal home (open a request, agree an SLA…), loaded
    # through the portal user's own client: another client's row answers 404.
    path("do/<slug:action>/", views.portal_action, name="action"),
    path("do/<slug:action>/<int:row_id>/", views.portal_action, name="row_action"),
    path("reports/", reports_views.portal_report_list, name="reports"),
    path("reports/<int:report_id>/", reports_views.portal_report, name="report"),
    path("reports/<int:report_id>/pdf/", reports_views.portal_report_pdf, name="report_pdf"),
]
