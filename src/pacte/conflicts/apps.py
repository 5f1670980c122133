from django.apps import AppConfig


class ConflictsConfig(AppConfig):
    name = "pacte.conflicts"
    label = "conflicts"

    def ready(self):
        from . import journal, panels, signals, stages

        journal.register()
        panels.register()
        signals.register()
        stages.register()
