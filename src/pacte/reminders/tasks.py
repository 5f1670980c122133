"""The reminders' background work (filled in by the scan and the digests)."""


def register():
    pass
