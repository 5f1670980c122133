from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "pacte.exchanges"
    label = "exchanges"

    def ready(self):
        from . import panels

        panels.register()
        panels.register_client_panels()
