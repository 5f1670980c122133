from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "pacte.engagements"
    label = "engagements"

    def ready(self):
        from . import journal, panels, signals

        panels.register()
        panels.register_client_panels()
        journal.register()
        signals.register()
