"""What the import adds to the dashboard: the way in, for those who may import."""

from pacte.kernel.panels import Panel, register_panel
from pacte.kernel.permissions import Perm


def import_link_panel(*, actor, obj, forms):
    return {}


def register():
    register_panel(
        Panel(
            page="dashboard",
            name="csv-import",
            order=90,
            template="csvimport/panels/import_link.html",
            context=import_link_panel,
            perm=Perm.CSV_IMPORT,
        )
    )
