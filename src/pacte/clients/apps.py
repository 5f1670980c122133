from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "pacte.clients"
    label = "clients"

    def ready(self):
        from . import attachments, journal, panels

        attachments.register()

        panels.register()
        journal.register()
