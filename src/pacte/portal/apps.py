from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pacte.portal"
    label = "portal"

    def ready(self):
        from pacte.casestudies.selectors import register_identity_source
        from pacte.kernel.selectors import register_actor_source

        from . import journal, panels, reminders
        from .selectors import actor_for_portal_user, portal_identities, portal_places

        register_actor_source(actor_for_portal_user, portal_places)
        register_identity_source("portal_users", portal_identities)
        panels.register()
        journal.register()
        reminders.register()
