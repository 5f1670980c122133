from django.urls import path

from . import views

urlpatterns = [
    path("conflicts/", views.conflict_list, name="conflict_list"),
    path("conflicts/<int:case_id>/", views.conflict_detail, name="conflict_detail"),
    path(
        "conflicts/<int:case_id>/move/<slug:move>/",
        views.conflict_move_view,
        name="conflict_move",
    ),
]
