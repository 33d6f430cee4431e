"""Untrusted input files: recognise what they are and refuse the dangerous ones cheaply.

Everything here runs *before* any spreadsheet parser sees the bytes: the ZIP directory
of an .xlsx is checked for macros, encryption, total uncompressed size and compression
ratio (zip bombs), and batch ZIPs are walked (folders allowed, one level of nested ZIPs)
with limits on member count and unsafe names. Nothing is extracted to disk.
"""

from __future__ import annotations

import codecs
import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

import charset_normalizer

from questionnaires.errors import Location, Problem, problem, technical_reason

MAX_FILE_BYTES = 20 * 1024 * 1024  # one workbook or table, as uploaded
MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # one uploaded file (a batch ZIP); = the app's maxUploadSize
# What the readers read, as the upload widget and the docs offer it.
UPLOAD_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv", ".tsv", ".txt", ".zip")
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # one workbook, unzipped
MAX_SHEET_XML = 8 * 1024 * 1024  # uncompressed XML of one worksheet
MAX_RATIO = 100  # uncompressed / compressed of one workbook (legit templates: ~6)
MAX_BATCH_MEMBERS = 5000
MAX_BATCH_UNCOMPRESSED = 2 * 1024 * 1024 * 1024
MAX_NESTING = 1  # a ZIP inside the uploaded ZIP is read; deeper ones are refused

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
JUNK_PREFIXES = ("__MACOSX/",)
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
# What reading one ZIP member can raise for a damaged or unsupported member: a bad CRC or
# header, a corrupt deflate/LZMA stream (zlib.error, LZMAError; bzip2 raises OSError), an
# unsupported method or an encrypted member (NotImplementedError/RuntimeError).
MEMBER_ERRORS = (KeyError, zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError,
                 zlib.error, lzma.LZMAError)


class Kind(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"
    ZIP = "zip"

    @property
    def is_workbook(self) -> bool:
        return self in (Kind.XLSX, Kind.XLS, Kind.ODS)


@dataclass(frozen=True, slots=True)
class Source:
    """One input file held in memory; `name` is what users see (``batch.zip/a/b.xlsx``)."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Rejected:
    """A file refused before parsing, with the reason."""

    name: str
    problem: Problem


def _fail(name: str, code: str, **context: object) -> Rejected:
    return Rejected(name, problem(code, Location(file=name), **context))


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def check_xlsx(name: str, archive: zipfile.ZipFile, compressed: int) -> Rejected | None:
    """Refuse macro workbooks and zip bombs by looking at the ZIP directory only."""
    infos = archive.infolist()
    names = {i.filename.lower() for i in infos}
    if "xl/vbaproject.bin" in names or any(n.endswith(".bin") and "vba" in n for n in names):
        return _fail(name, "F203", detail="vbaProject.bin")
    total = sum(i.file_size for i in infos)
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.file_size > MAX_SHEET_XML:
            return _fail(name, "F205", detail=f"lembar {info.filename} berukuran "
                         f"{_mb(info.file_size)} setelah diekstrak; batas {_mb(MAX_SHEET_XML)}")
    if total > MAX_UNCOMPRESSED:
        return _fail(name, "F205", detail=f"{_mb(total)}; batas {_mb(MAX_UNCOMPRESSED)}")
    if compressed and total / compressed > MAX_RATIO:
        return _fail(name, "F205",
                     detail=f"rasio kompresi {total // compressed}:1; batas {MAX_RATIO}:1")
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        return _fail(name, "F201")
    try:
        types = archive.read("[Content_Types].xml")
    except KeyError:
        return _fail(name, "F204", detail="[Content_Types].xml tidak ada")
    except MEMBER_ERRORS as exc:
        return _fail(name, "F204", detail=technical_reason(exc))
    if b"macroEnabled" in types:
        return _fail(name, "F203", detail="jenis isi macroEnabled")
    return None


def check_ods(name: str, archive: zipfile.ZipFile, compressed: int) -> Kind | Rejected:
    """An OpenDocument spreadsheet (LibreOffice's .ods), checked like an .xlsx: by its ZIP
    directory only. Any other OpenDocument file (a text document) is refused."""
    try:
        with archive.open("mimetype") as member:  # a few bytes; never a bomb's worth
            mimetype = member.read(256).strip()
    except MEMBER_ERRORS as exc:
        return _fail(name, "F204", detail=technical_reason(exc))
    if not mimetype.startswith(b"application/vnd.oasis.opendocument."):
        return Kind.ZIP  # a batch ZIP that happens to hold a file named "mimetype"
    if mimetype not in (ODS_MIMETYPE, ODS_MIMETYPE + b"-template"):
        return _fail(name, "F201")
    infos = archive.infolist()
    names = {i.filename for i in infos}
    if any(n.lower().startswith("basic/") for n in names):
        return _fail(name, "F203", detail="makro LibreOffice Basic")
    if "content.xml" not in names:
        return _fail(name, "F204", detail="content.xml tidak ada")
    content = archive.getinfo("content.xml").file_size
    total = sum(i.file_size for i in infos)
    if content > MAX_UNCOMPRESSED or total > MAX_UNCOMPRESSED:
        return _fail(name, "F205", detail=f"{_mb(max(content, total))}; batas "
                     f"{_mb(MAX_UNCOMPRESSED)}")
    if compressed and total / compressed > MAX_RATIO:
        return _fail(name, "F205",
                     detail=f"rasio kompresi {total // compressed}:1; batas {MAX_RATIO}:1")
    return Kind.ODS


def classify(source: Source) -> Kind | Rejected:
    """What `source` is, or why it is refused. ZIP-based files are checked, not parsed."""
    data, name = source.data, source.name
    suffix = PurePosixPath(name).suffix.lower()
    if not data:
        return _fail(name, "F212")
    if len(data) > MAX_UPLOAD_BYTES:
        return _fail(name, "F205", detail=f"{_mb(len(data))}; batas {_mb(MAX_UPLOAD_BYTES)}")
    if len(data) > MAX_FILE_BYTES and suffix != ".zip":
        return _fail(name, "F205", detail=f"{_mb(len(data))}; batas {_mb(MAX_FILE_BYTES)}")
    if suffix in (".xlsm", ".xltm", ".xlam"):
        return _fail(name, "F203", detail=f"ekstensi {suffix}")
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            return _fail(name, "F202")
        return Kind.XLS
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except MEMBER_ERRORS as exc:  # also NotImplementedError: "zip file version 14.2"
            return _fail(name, "F204", detail=technical_reason(exc))
        with archive:
            if "[Content_Types].xml" in archive.namelist():
                return check_xlsx(name, archive, len(data)) or Kind.XLSX
            if "mimetype" in archive.namelist():
                return check_ods(name, archive, len(data))
        if suffix in (".xlsx", ".xltx", ".ods", ".ots"):
            return _fail(name, "F204", detail=f"struktur {suffix} tidak lengkap")
        return Kind.ZIP
    if suffix in (".xlsx", ".xls", ".xltx", ".ods", ".ots"):
        return _fail(name, "F204", detail="bukan format Excel yang utuh")
    if suffix in (".csv", ".txt", ".tsv") and _looks_like_text(data):
        return Kind.CSV
    return _fail(name, "F201")


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" (tab-separated UTF-16 with a byte-order mark): NUL bytes
        # are half of every ASCII character there, so it is text when it decodes.
        return _decodes_utf16(head)
    if b"\x00" in head:
        return bomless_utf16(head) is not None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the 4 KiB boundary is still text; otherwise an
        # 8-bit encoding: cp1252, or mac_roman (which decodes any byte, so only without
        # the control bytes of binary data).
        return (exc.start >= len(head) - 3 or _decodes_cp1252(head)
                or not _CONTROL_BYTES.search(head))
    return True


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when `data` is UTF-16 text without a byte-order mark
    (Windows' "Unicode" without one), else None; only its first 4 KiB are looked at.

    Text in Latin script has a NUL byte in every other position there (the high byte of
    each ASCII character): at least 3/4 of the odd (LE) or even (BE) positions must be
    NUL, the head must decode without NUL or control characters other than tab and line
    breaks, and charset-normalizer must confirm the codec.
    """
    head = data[:4096]
    head = head[:len(head) - len(head) % 2]
    if not head:
        return None
    for codec, highs in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if highs.count(0) * 4 < len(highs) * 3:
            continue
        try:
            text = codecs.getincrementaldecoder(codec)().decode(head, final=False)
        except UnicodeDecodeError:
            return None
        if _CONTROL_TEXT.search(text) or charset_normalizer.from_bytes(
                head, cp_isolation=[codec.replace("-", "_")]).best() is None:
            return None
        return codec
    return None


_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decodes_utf16(head: bytes) -> bool:
    try:
        text = codecs.getincrementaldecoder("utf-16")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def _decodes_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _is_junk(member: str) -> bool:
    base = PurePosixPath(member).name.lower()
    return (member.startswith(JUNK_PREFIXES) or base in JUNK_NAMES or base.startswith("~$")
            or base.startswith("._"))


def _unsafe(member: str) -> str:
    path = PurePosixPath(member.replace("\\", "/"))
    if path.is_absolute() or (member[1:2] == ":"):
        return "jalur absolut"
    if ".." in path.parts:
        return "jalur mengandung '..'"
    return ""


def expand_zip(source: Source, depth: int = 0) -> Iterator[tuple[Source, Kind] | Rejected]:
    """The files inside a batch ZIP (folders flattened into the name), each unparsed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source.data))
    except MEMBER_ERRORS as exc:
        yield _fail(source.name, "F204", detail=technical_reason(exc))
        return
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir() and not _is_junk(i.filename)]
        if not infos:  # nothing to read (empty, or only folders and junk): never silently
            yield _fail(source.name, "F212")
            return
        if len(infos) > MAX_BATCH_MEMBERS:
            yield _fail(source.name, "F214", count=len(infos), limit=MAX_BATCH_MEMBERS)
            return
        total = sum(i.file_size for i in infos)
        if total > MAX_BATCH_UNCOMPRESSED:
            yield _fail(source.name, "F205",
                        detail=f"{_mb(total)}; batas {_mb(MAX_BATCH_UNCOMPRESSED)}")
            return
        for info in infos:
            name = f"{source.name}/{info.filename}"
            reason = _unsafe(info.filename)
            if reason:
                yield _fail(name, "F213", value=info.filename, detail=reason)
                continue
            if info.file_size > MAX_FILE_BYTES:
                yield _fail(name, "F205",
                            detail=f"{_mb(info.file_size)}; batas {_mb(MAX_FILE_BYTES)}")
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO * 10:
                yield _fail(name, "F205", detail=f"rasio kompresi "
                            f"{info.file_size // info.compress_size}:1")
                continue
            try:
                data = archive.read(info)
            except MEMBER_ERRORS as exc:
                reason = "terenkripsi" if info.flag_bits & 0x1 else technical_reason(exc)
                yield _fail(name, "F204", detail=reason)
                continue
            member = Source(name, data)
            kind = classify(member)
            if isinstance(kind, Rejected):
                yield kind
            elif kind is Kind.ZIP:
                if depth >= MAX_NESTING:
                    yield _fail(name, "F213", value=info.filename,
                                detail="ZIP di dalam ZIP lebih dari satu tingkat")
                else:
                    yield from expand_zip(member, depth + 1)
            else:
                yield member, kind


def expand(sources: Iterable[Source]) -> Iterator[tuple[Source, Kind] | Rejected]:
    """Every readable file among `sources` (ZIPs opened), or why one is refused."""
    for source in sources:
        kind = classify(source)
        if isinstance(kind, Rejected):
            yield kind
        elif kind is Kind.ZIP:
            yield from expand_zip(source)
        else:
            yield source, kind


def read_paths(paths: Iterable[Path]) -> Iterator[Source | Rejected]:
    """Sources from files or folders on disk (folders are walked, sorted)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not _is_junk(child.relative_to(path).as_posix()):
                    yield from read_paths([child])
            continue
        try:
            size = path.stat().st_size
            if size > MAX_UPLOAD_BYTES:
                yield _fail(path.name, "F205",
                            detail=f"{_mb(size)}; batas {_mb(MAX_UPLOAD_BYTES)}")
                continue
            if size > MAX_FILE_BYTES and path.suffix.lower() != ".zip":
                yield _fail(path.name, "F205",
                            detail=f"{_mb(size)}; batas {_mb(MAX_FILE_BYTES)}")
                continue
            yield Source(path.name, path.read_bytes())
        except OSError as exc:
            yield _fail(str(path), "F204", detail=technical_reason(exc))
