from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "pacte.portability"
    label = "portability"
    verbose_name = "Portability"

    def ready(self):
        from . import jobs, panels

        jobs.register()
        panels.register()
