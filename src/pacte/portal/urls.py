from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("recommendations/<int:recommendation_id>/decide/", views.decide, name="decide"),
]
