from django.apps import AppConfig


class CasestudiesConfig(AppConfig):
    name = "pacte.casestudies"
    label = "casestudies"

    def ready(self):
        from . import journal, panels

        journal.register()
        panels.register()
