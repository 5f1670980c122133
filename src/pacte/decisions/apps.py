from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "pacte.decisions"
    label = "decisions"

    def ready(self):
        from . import journal, panels, signals

        panels.register()
        panels.register_client_panels()
        journal.register()
        signals.register()
