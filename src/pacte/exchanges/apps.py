from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "pacte.exchanges"
    label = "exchanges"

    def ready(self):
        from . import attachments, panels, signals

        attachments.register()

        panels.register()
        panels.register_client_panels()
        signals.register()
