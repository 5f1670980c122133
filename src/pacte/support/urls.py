from django.urls import path

from . import views

urlpatterns = [
    path("requests/", views.request_list, name="support_request_list"),
    path("requests/<int:request_id>/", views.request_detail, name="support_request_detail"),
    path("clients/<int:client_id>/requests/", views.request_list, name="client_requests"),
    path(
        "requests/<int:request_id>/move/<slug:move>/",
        views.request_move,
        name="support_request_move",
    ),
]
