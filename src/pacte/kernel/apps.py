from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "pacte.kernel"
    # The label stays "core": the tables and migrations of the first release keep their names.
    label = "core"

    def ready(self):
        # Connects the receiver that counts failed sign-ins (user_login_failed).
        from . import throttle  # noqa: F401
