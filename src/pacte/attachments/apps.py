from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "pacte.attachments"
    label = "attachments"

    def ready(self):
        from . import journal

        journal.register()
