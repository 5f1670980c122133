from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """Members, invitations, API tokens, the ledger page and the workspace's settings."""

    name = "pacte.workspace"
    label = "workspace"

    def ready(self):
        from . import journal, panels

        panels.register()
        journal.register()
