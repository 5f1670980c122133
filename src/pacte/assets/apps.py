from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "pacte.assets"
    label = "assets"

    def ready(self):
        from . import journal, panels, signals, tasks

        panels.register()
        journal.register()
        tasks.register()
        signals.register()
