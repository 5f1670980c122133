from django.apps import AppConfig


class CsvImportConfig(AppConfig):
    name = "pacte.csvimport"
    label = "csvimport"
    verbose_name = "Spreadsheet import"

    def ready(self):
        from . import journal, panels

        journal.register()
        panels.register()
