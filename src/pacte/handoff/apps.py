from django.apps import AppConfig


class HandoffConfig(AppConfig):
    name = "pacte.handoff"
    label = "handoff"

    def ready(self):
        from . import attachments, journal, pages, panels, reminders

        attachments.register()

        panels.register()
        pages.register()
        journal.register()
        reminders.register()
