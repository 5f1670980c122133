from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The member's home page: it assembles the panels other apps register, owns no rule."""

    name = "pacte.dashboard"
    label = "dashboard"

    def ready(self):
        from . import panels

        panels.register()
