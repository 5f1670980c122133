from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "pacte.engagements"
    label = "engagements"
