"""Reminders in the API: the workspace's reminders (owners), and each member's own choices."""

from ninja import Router

from pacte.kernel.pagination import paginated

from . import selectors, services
from .schemas import ReminderOut, ReminderSettingsIn, ReminderSettingsOut

router = Router(tags=["reminders"])


def _settings(actor) -> dict:
    choices, language = selectors.my_reminder_settings(actor=actor)
    return {
        "language": language,
        "kinds": [
            {
                "kind": c.kind.key,
                "label": str(c.kind.label),
                "delivery": c.delivery,
                "is_default": c.is_default,
            }
            for c in choices
        ],
    }


@router.get(
    "/reminders",
    response=list[ReminderOut],
    summary="The workspace's reminders, newest first (owners)",
    description="Each reminder is stored once per (kind, object, date, stage, recipient) and "
    "sent at most once: `status` is `queued` (its email is in the outbox), `pending` (waiting "
    "for a digest) or `muted` (the recipient turned the kind off).",
)
@paginated
def reminder_list(request):
    return selectors.reminder_list(actor=request.actor)


@router.get(
    "/me/reminder-settings",
    response=ReminderSettingsOut,
    summary="Your reminder settings: the language of your emails and how each kind reaches you",
)
def my_reminder_settings(request):
    return _settings(request.actor)


@router.put(
    "/me/reminder-settings",
    response=ReminderSettingsOut,
    summary="Change your reminder settings",
    description="`deliveries` maps a kind (see GET) to `immediate`, `daily`, `weekly` or "
    "`off`; kinds not named keep their choice. An unknown kind answers 400 and changes "
    "nothing.",
)
def my_reminder_settings_update(request, payload: ReminderSettingsIn):
    actor = request.actor
    _choices, language = selectors.my_reminder_settings(actor=actor)
    services.reminder_settings_save(
        actor=actor, language=payload.language or language, deliveries=payload.deliveries
    )
    return _settings(actor)
