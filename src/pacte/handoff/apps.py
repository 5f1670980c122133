from django.apps import AppConfig


class HandoffConfig(AppConfig):
    name = "pacte.handoff"
    label = "handoff"

    def ready(self):
        from . import journal, pages, panels

        panels.register()
        pages.register()
        journal.register()
