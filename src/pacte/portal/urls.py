from django.urls import path

from pacte.reports import views as reports_views

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("recommendations/<int:recommendation_id>/decide/", views.decide, name="decide"),
    # Any action an area registers on the portal home (open a request, agree an SLA…), loaded
    # through the portal user's own client: another client's row answers 404.
    path("do/<slug:action>/", views.portal_action, name="action"),
    path("do/<slug:action>/<int:row_id>/", views.portal_action, name="row_action"),
    path("reports/", reports_views.portal_report_list, name="reports"),
    path("reports/<int:report_id>/", reports_views.portal_report, name="report"),
    path("reports/<int:report_id>/pdf/", reports_views.portal_report_pdf, name="report_pdf"),
]
