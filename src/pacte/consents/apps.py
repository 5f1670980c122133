from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "pacte.consents"
    label = "consents"
    verbose_name = "Consents"

    def ready(self):
        from . import journal, panels

        panels.register()
        journal.register()
