from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "pacte.exchanges"
    label = "exchanges"

    def ready(self):
        from . import panels, signals

        panels.register()
        panels.register_client_panels()
        signals.register()
