from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "pacte.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        from . import tasks

        tasks.register()
