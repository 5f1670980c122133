from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "pacte.governance"
    label = "governance"

    def ready(self):
        from . import attachments, journal, panels, reminders, scorecard, signals, stages

        attachments.register()

        stages.register()
        scorecard.register()
        signals.register()
        panels.register()
        journal.register()
        reminders.register()
