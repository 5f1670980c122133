from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The global search of the header, its page and its endpoint: a face over the selectors
    of the apps it searches, with one source per model (`sources.py`). Owns no rule."""

    name = "pacte.search"
    label = "search"

    def ready(self):
        from . import sources

        sources.register()
