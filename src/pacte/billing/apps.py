from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "pacte.billing"
    label = "billing"

    def ready(self):
        from . import panels

        panels.register()
