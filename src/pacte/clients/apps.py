from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "pacte.clients"
    label = "clients"

    def ready(self):
        from . import journal, panels

        panels.register()
        journal.register()
