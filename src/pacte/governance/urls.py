from django.urls import path

from . import views

urlpatterns = [
    path("reviews/<int:review_id>/", views.review_detail, name="review_detail"),
]
