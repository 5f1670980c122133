from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "pacte.consents"
    label = "consents"
    verbose_name = "Consents"

    def ready(self):
        from . import attachments, journal, panels, reminders

        attachments.register()

        panels.register()
        journal.register()
        reminders.register()
