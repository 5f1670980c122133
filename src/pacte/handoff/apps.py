from django.apps import AppConfig


class HandoffConfig(AppConfig):
    name = "pacte.handoff"
    label = "handoff"
