from django.apps import AppConfig


class CasestudiesConfig(AppConfig):
    name = "pacte.casestudies"
    label = "casestudies"
