"""What an evidence file (*data dukung*) is, by its content — never by its name — and why
one is refused.

A file is accepted when it is, by its first bytes and by opening it:

- a PDF (``%PDF-`` in its first 1024 bytes) that pypdf opens without a password, with at
  least one page, every page's content readable; its pages are counted. A PDF that needs a
  password to open is refused (E603); one with only an owner password (printing or copying
  restricted) opens for everyone and is accepted;
- a PNG or JPEG image that Pillow opens and decodes whole;

and is at most the methodology's ``evidence_max_bytes`` (default 2 MB). Anything else is
refused with a code of the error catalog (:mod:`questionnaires.errors`, ``E6xx``): E601 not
a PDF or image (a text file renamed ``.pdf`` is one), E602 too large, E603 password, E604 a
broken or truncated PDF, E605 a broken image, E606 empty. The refusal is an
:class:`EvidenceRefused` (a :class:`~monev.errors.UsageError` whose message is the rendered
problem, ``[E601] laporan.pdf: …``; the :class:`~questionnaires.errors.Problem` itself is
its `problem`).

Opening runs in the parse pool of :mod:`questionnaires.isolation` (a worker process with a
memory cap and a time limit), like every other untrusted file: a hostile PDF that would
exhaust memory or loop ends as a refusal, not as a stuck app.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass

from monev.errors import UsageError
from questionnaires import isolation
from questionnaires.errors import Location, Problem, problem
from reports.formatting import file_size, integer

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
MEDIA_TYPES = (PDF, PNG, JPEG)
# What a file picker offers (the content decides, these only narrow the choice).
UPLOAD_SUFFIXES = ("pdf", "png", "jpg", "jpeg")
DEFAULT_MAX_BYTES = 2_000_000  # Methodology.evidence_max_bytes' default (KI Pusat: 2 MB)

_PDF_MAGIC = b"%PDF-"
_PDF_HEADER_WINDOW = 1024  # the PDF header may follow some bytes of junk (ISO 32000 §7.5.2)
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True, slots=True)
class Inspection:
    """An accepted evidence file: its SHA-256 (hex), size, media type
    (:data:`MEDIA_TYPES`) and, for a PDF, its number of pages (None for an image)."""

    sha256: str
    size_bytes: int
    media_type: str
    pages: int | None


class EvidenceRefused(UsageError):
    """An evidence file that cannot be accepted; `problem` is the catalog's problem (code
    E601–E606, the file name as its location), the message its rendering."""

    def __init__(self, found: Problem) -> None:
        super().__init__(str(found))
        self.problem = found


def sniff(data: bytes) -> str | None:
    """The media type the first bytes of `data` announce (:data:`MEDIA_TYPES`), or None."""
    if data.startswith(_PNG_MAGIC):
        return PNG
    if data.startswith(_JPEG_MAGIC):
        return JPEG
    if _PDF_MAGIC in data[:_PDF_HEADER_WINDOW]:
        return PDF
    return None


def describe(data: bytes) -> str:
    """What a file that is neither PDF nor image seems to hold, for E601's detail."""
    head = data[:_PDF_HEADER_WINDOW]
    if head.startswith(b"PK\x03\x04"):
        return "isinya arsip ZIP, mis. dokumen Word/Excel (.docx, .xlsx) atau berkas ZIP"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "isinya dokumen Office lama (.doc, .xls, .ppt)"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "isinya gambar GIF"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "isinya gambar WebP"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "isinya halaman web (HTML), bukan dokumennya"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the window's end
            return "format tidak dikenali"
    return "isinya teks biasa"


def refusal(code: str, file_name: str, **context: object) -> EvidenceRefused:
    """The :class:`EvidenceRefused` of catalog entry `code` for `file_name`."""
    return EvidenceRefused(problem(code, Location(file=file_name), **context))


def size_text(size: int, limit: int) -> str:
    """A size as E602 says it: ``2,4 MB``; with the exact bytes when the rounded text would
    read as the limit itself (``2 MB (2.000.001 byte)``)."""
    shown = file_size(size)
    return f"{shown} ({integer(size)} byte)" if shown == file_size(limit) else shown


def inspect_file(data: bytes, file_name: str, max_bytes: int = DEFAULT_MAX_BYTES
                 ) -> Inspection:
    """Check one evidence file by its content; return what it is, or raise
    :class:`EvidenceRefused` (E601–E606) saying why not and how to fix it.

    `file_name` is only the location the refusal names; `max_bytes` is the cycle's
    methodology's ``evidence_max_bytes``. The PDF or image is opened in a worker process
    of :mod:`questionnaires.isolation` (memory cap, time limit)."""
    size = len(data)
    if size == 0:
        raise refusal("E606", file_name)
    if size > max_bytes:
        raise refusal("E602", file_name, size=size_text(size, max_bytes),
                      limit=file_size(max_bytes))
    media_type = sniff(data)
    if media_type is None:
        raise refusal("E601", file_name, detail=describe(data))
    [outcome] = isolation.run_all(open_content, [(data, media_type)])
    if isinstance(outcome, isolation.Failure):
        why = ("pemeriksaan berkas melebihi batas waktu" if outcome.code == "F217"
               else "pemeriksaan berkas memerlukan memori melebihi batas")
        outcome = ("broken", why)
    verdict, detail = outcome
    if verdict == "encrypted":
        raise refusal("E603", file_name)
    if verdict == "broken":
        if media_type == PDF:
            raise refusal("E604", file_name, detail=detail)
        raise refusal("E605", file_name, kind="PNG" if media_type == PNG else "JPEG")
    pages = int(detail) if media_type == PDF else None
    return Inspection(sha256=hashlib.sha256(data).hexdigest(), size_bytes=size,
                      media_type=media_type, pages=pages)


# -- opening, in a worker process -----------------------------------------------------------


def open_content(data: bytes, media_type: str) -> tuple[str, str]:
    """Open `data` as `media_type`: ``("ok", pages)`` (pages as text; "" for an image),
    ``("encrypted", "")`` or ``("broken", why in Indonesian)``. Never raises for a bad
    file (a module-level function: it runs in :func:`questionnaires.isolation.run_all`)."""
    if media_type == PDF:
        return _open_pdf(data)
    return _open_image(data)


def _open_pdf(data: bytes) -> tuple[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfStreamError

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # its repair notes are not the user's business
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return "encrypted", ""
            except Exception:  # an unknown or unsupported scheme: it does not open
                return "encrypted", ""
        pages = len(reader.pages)
        if pages == 0:
            return "broken", "PDF tidak berisi satu halaman pun"
        for page in reader.pages:
            _ = page.mediabox
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
        return "ok", str(pages)
    except FileNotDecryptedError:
        return "encrypted", ""
    except PdfStreamError:
        return "broken", "berkas terpotong: akhir PDF tidak ditemukan"
    except Exception as exc:  # whatever a damaged file makes the reader raise
        text = f"{type(exc).__name__} {exc}".casefold()
        if "eof" in text or "trunc" in text or "ended" in text:
            return "broken", "berkas terpotong: akhir PDF tidak ditemukan"
        return "broken", "struktur atau isi halaman PDF tidak sah"
    finally:
        pypdf_log.setLevel(level)


def _open_image(data: bytes) -> tuple[str, str]:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                return "broken", f"format {image.format}"
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # decodes every pixel: a truncated image fails here
    except Exception as exc:  # whatever a damaged image makes the decoder raise
        return "broken", type(exc).__name__
    return "ok", ""
