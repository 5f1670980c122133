from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "pacte.health"
    label = "health"

    def ready(self):
        from . import panels, tasks

        panels.register()
        tasks.register()
