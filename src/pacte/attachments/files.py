"""What a file is, judged from its bytes and its extension together, and what it may be
called. Pure functions over a seekable file: no storage, no database.

The allow-list is deliberately short (documents people sign, scan, photograph or export):
a file is accepted only when its extension is on the list AND its first bytes are what that
extension promises. HTML, SVG (a script carrier), executables and anything else are refused,
whatever they are named: an .exe renamed .pdf is still refused by its bytes.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    content_type: str
    image: bool = False


PDF = FileType(("pdf",), "application/pdf")
PNG = FileType(("png",), "image/png", image=True)
JPEG = FileType(("jpg", "jpeg"), "image/jpeg", image=True)
WEBP = FileType(("webp",), "image/webp", image=True)
GIF = FileType(("gif",), "image/gif", image=True)
TEXT = FileType(("txt",), "text/plain")
CSV = FileType(("csv",), "text/csv")
EML = FileType(("eml",), "message/rfc822")
ODT = FileType(("odt",), "application/vnd.oasis.opendocument.text")
ODS = FileType(("ods",), "application/vnd.oasis.opendocument.spreadsheet")
DOCX = FileType(
    ("docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = FileType(("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

ALLOWED = (PDF, PNG, JPEG, WEBP, GIF, TEXT, CSV, EML, ODT, ODS, DOCX, XLSX)
BY_EXTENSION = {ext: kind for kind in ALLOWED for ext in kind.extensions}
ALLOWED_EXTENSIONS = tuple(sorted(BY_EXTENSION))
# What the file input offers (the server decides anyway).
ACCEPT = ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)

# Bytes that make a "text" file something a browser or a system would run or render.
_MARKUP = re.compile(rb"^\s*<(!doctype|html|head|body|script|svg|\?xml|iframe|object)", re.I)
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"#!")
_HEADER_LINE = re.compile(rb"^[A-Za-z0-9-]{1,76}:[ \t]")


def _is_text(head: bytes) -> bool:
    if b"\x00" in head or head.startswith(_EXECUTABLE_MAGIC) or _MARKUP.match(head):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of the sample is still text.
        if exc.start < len(head) - 3:
            return False
    return True


def _zip_names(upload) -> set[str] | None:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)


def _odf_mimetype(upload) -> bytes:
    """ODF puts its media type, uncompressed, in the first entry "mimetype"."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive, archive.open("mimetype") as entry:
            return entry.read(100).strip()
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return b""
    finally:
        upload.seek(0)


def _matches(kind: FileType, head: bytes, upload) -> bool:
    if kind is PDF:
        return head.startswith(b"%PDF-")
    if kind is PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind is JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if kind is WEBP:
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if kind is GIF:
        return head[:6] in (b"GIF87a", b"GIF89a")
    if kind in (TEXT, CSV):
        return _is_text(head)
    if kind is EML:
        return _is_text(head) and bool(_HEADER_LINE.match(head.lstrip(b"\r\n")))
    if not head.startswith(b"PK\x03\x04"):
        return False
    if kind in (ODT, ODS):
        return _odf_mimetype(upload) == kind.content_type.encode()
    names = _zip_names(upload) or set()
    if kind is DOCX:
        return "[Content_Types].xml" in names and "word/document.xml" in names
    if kind is XLSX:
        return "[Content_Types].xml" in names and "xl/workbook.xml" in names
    return False


def extension_of(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and _stem else ""


def sniff(name: str, upload) -> FileType | None:
    """The allowed type the (sanitised) name's extension promises, if the bytes keep the
    promise; None otherwise."""
    kind = BY_EXTENSION.get(extension_of(name))
    if kind is None:
        return None
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return kind if _matches(kind, head, upload) else None


# Format characters (bidi overrides and isolates, zero-width joiners…), controls, separators.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def sanitise_name(raw: str, *, max_length: int) -> str:
    """A file name safe to show and to offer as a download name: no folder, no control or
    bidi character (which would make "invoice‮fdp.exe" read as "invoiceexe.pdf"), only
    letters, digits, "-", "_" and ".", at most `max_length` characters, extension kept.
    It is never used as a storage path (files are stored by their SHA-256)."""
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(
        " " if unicodedata.category(c) == "Zs" else c
        for c in name
        if unicodedata.category(c) not in _INVISIBLE
    )
    try:
        name = get_valid_filename(name)
    except SuspiciousFileOperation:
        name = ""
    name = name.lstrip(".-")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext[:10].lower()
    stem = stem.strip("._-") or "file"
    room = max_length - (len(ext) + 1 if ext else 0)
    stem = stem[:room].rstrip("._-") or "file"
    return f"{stem}.{ext}" if ext else stem
