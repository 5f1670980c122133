from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "pacte.kernel"
    # The label stays "core": the tables and migrations of the first release keep their names.
    label = "core"
