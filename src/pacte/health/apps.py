from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "pacte.health"
    label = "health"

    def ready(self):
        pass
