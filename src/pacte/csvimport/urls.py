from django.urls import path

from . import views

urlpatterns = [
    path("import/", views.csv_import_page, name="csv_import"),
    path("import/template/<str:kind>.csv", views.csv_template, name="csv_import_template"),
]
