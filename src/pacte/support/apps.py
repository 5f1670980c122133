from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "pacte.support"
    label = "support"

    def ready(self):
        from . import journal, panels, reminders, signals, stages

        journal.register()
        panels.register()
        signals.register()
        stages.register()
        reminders.register()
