from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "pacte.decisions"
    label = "decisions"
