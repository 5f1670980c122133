from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "pacte.attachments"
    label = "attachments"
