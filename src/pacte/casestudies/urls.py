from django.urls import path

from . import views

urlpatterns = [
    path(
        "engagements/<int:engagement_id>/case-studies/",
        views.engagement_case_studies,
        name="engagement_case_studies",
    ),
    path("case-studies/<int:case_study_id>/", views.case_study_detail, name="case_study_detail"),
    path(
        "case-studies/<int:case_study_id>/export/<slug:mode>.<slug:fmt>",
        views.case_study_export,
        name="case_study_export",
    ),
]
