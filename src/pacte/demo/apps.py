from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo workspace "Atelier Lumière" and the `pacte demo` command; no models."""

    name = "pacte.demo"
    label = "demo"
