from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "pacte.support"
    label = "support"

    def ready(self):
        pass
