from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "pacte.risks"
    label = "risks"
