from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "pacte.evidence"
    label = "evidence"
    verbose_name = "Evidence"

    def ready(self):
        from . import panels

        panels.register()
