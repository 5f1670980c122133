from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "pacte.risks"
    label = "risks"

    def ready(self):
        from . import journal, panels

        panels.register()
        journal.register()
