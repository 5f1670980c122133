from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "pacte.decisions"
    label = "decisions"

    def ready(self):
        from . import attachments, journal, panels, reminders, signals

        attachments.register()

        panels.register()
        panels.register_client_panels()
        journal.register()
        signals.register()
        reminders.register()
