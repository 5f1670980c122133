from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "pacte.governance"
    label = "governance"

    def ready(self):
        pass
