from django.apps import AppConfig


class ConflictsConfig(AppConfig):
    name = "pacte.conflicts"
    label = "conflicts"
