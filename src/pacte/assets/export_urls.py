from django.urls import re_path

from . import export_views

urlpatterns = [
    re_path(
        r"^clients/(?P<client_id>[0-9]+)/action-log\.(?P<fmt>csv|xlsx|ods)$",
        export_views.action_log_export,
        name="action_log_export",
    ),
    re_path(
        r"^clients/(?P<client_id>[0-9]+)/assets\.(?P<fmt>csv|xlsx)$",
        export_views.asset_sheet_export,
        name="asset_sheet_export",
    ),
]
