from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "pacte.clients"
    label = "clients"
