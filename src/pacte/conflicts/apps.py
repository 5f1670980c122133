from django.apps import AppConfig


class ConflictsConfig(AppConfig):
    name = "pacte.conflicts"
    label = "conflicts"

    def ready(self):
        from . import attachments, journal, panels, reminders, signals, stages

        attachments.register()

        journal.register()
        panels.register()
        signals.register()
        stages.register()
        reminders.register()
