from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "pacte.assets"
    label = "assets"
