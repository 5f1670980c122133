from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "pacte.billing"
    label = "billing"

    def ready(self):
        from . import journal, panels, reminders, selectors, signals

        selectors.register_figures()
        panels.register()
        panels.register_client_panels()
        journal.register()
        signals.register()
        reminders.register()
