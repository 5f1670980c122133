from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "pacte.governance"
    label = "governance"

    def ready(self):
        from . import journal, panels, scorecard, signals, stages

        stages.register()
        scorecard.register()
        signals.register()
        panels.register()
        journal.register()
