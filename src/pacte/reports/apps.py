from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pacte.reports"
    label = "reports"

    def ready(self):
        from . import journal, panels, reminders

        journal.register()
        panels.register()
        reminders.register()
