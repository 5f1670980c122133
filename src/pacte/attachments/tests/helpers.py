"""Files of each kind, and records to attach them to."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from pacte.attachments.services import attachment_add
from pacte.decisions.tests.helpers import active_engagement, recommend

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
TEXT = "Compte rendu signé : d’accord pour la refonte.\n".encode()
EML = b"From: client@alpha.test\r\nTo: nous@nord.test\r\nSubject: Accord\r\n\r\nD'accord.\r\n"


def zipped(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            compress = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return buffer.getvalue()


ODT = zipped(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
    stored_first="mimetype",
)
DOCX = zipped({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"})
XLSX = zipped({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"})


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    # The declared content type is the client's word: the service never believes it.
    return SimpleUploadedFile(name, content, content_type=content_type)


def recommendation(world, client=None):
    return recommend(world, active_engagement(world, client))


def attach(world, record, *, kind="decisions.recommendation", name="accord.pdf", data=PDF, **kw):
    return attachment_add(
        actor=world.actor(kw.pop("as_", "consultant")),
        subject_kind=kind,
        subject_id=record.pk,
        upload=upload(name, data),
        **kw,
    )
