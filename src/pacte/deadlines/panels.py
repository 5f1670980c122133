"""What R-DEADLINE adds to other apps' pages: the cancel-by dates coming up, on the
dashboard."""

from pacte.kernel.panels import Panel, register_panel

from .selectors import deadline_warnings


def deadline_warnings_panel(*, actor, obj, forms):
    warnings = deadline_warnings(actor=actor)
    return {"warnings": warnings.shown, "more": warnings.more} if warnings.count else None


def register():
    register_panel(
        Panel(
            page="dashboard",
            name="deadline-warnings",
            order=10,
            template="deadlines/panels/deadline_warnings.html",
            context=deadline_warnings_panel,
            group="attention",
        )
    )
