from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    """R-DEADLINE: cancel-by dates, the deadline calendar and its feed. No models of its own:
    the schedule reads the assets (and their calendar feeds) of `pacte.assets`."""

    name = "pacte.deadlines"
    label = "deadlines"

    def ready(self):
        from . import journal, panels, reminders

        panels.register()
        reminders.register()
        journal.register()
