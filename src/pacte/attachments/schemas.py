import datetime as dt

from ninja import Schema


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    sha256: str
    purpose: str
    subject: str
    subject_id: int
    uploaded_at: dt.datetime
    download_url: str
