"""Mutations of valid inputs for the fuzz tests (tests/questionnaires/test_fuzz_inputs.py).

Every mutation is a pure function of the input bytes and its parameters, so a failing
example that hypothesis shrinks and prints can be replayed by hand. The hypothesis
strategies at the bottom draw those parameters; each returns ``(what, data)`` where `what`
says in words what was done (it ends up in assertion messages).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

# -- raw bytes ------------------------------------------------------------------------------


def flip(data: bytes, offset: int, mask: int) -> bytes:
    """XOR one byte (`offset` modulo the length) with `mask` (1..255)."""
    if not data:
        return data
    at = offset % len(data)
    return data[:at] + bytes([data[at] ^ (mask or 1)]) + data[at + 1:]


def truncate(data: bytes, offset: int) -> bytes:
    return data[:offset % (len(data) + 1)]


def insert(data: bytes, offset: int, chunk: bytes) -> bytes:
    at = offset % (len(data) + 1)
    return data[:at] + chunk + data[at:]


def delete(data: bytes, offset: int, length: int) -> bytes:
    at = offset % (len(data) + 1)
    return data[:at] + data[at + length:]


# Signatures of a ZIP's structures and how many bytes of fixed fields follow each.
ZIP_HEADERS = {b"PK\x03\x04": 30, b"PK\x01\x02": 46, b"PK\x05\x06": 22,
               b"PK\x06\x06": 56, b"PK\x06\x07": 20, b"PK\x07\x08": 16}


def header_fields(data: bytes) -> list[int]:
    """Offsets of every byte of the fixed fields of every ZIP header in `data` (versions,
    flags, methods, CRCs, sizes, name lengths, offsets): where one changed byte tells a
    reader something untrue about the archive."""
    offsets = []
    for signature, length in ZIP_HEADERS.items():
        at = data.find(signature)
        while at >= 0:
            offsets += range(at + 4, min(at + length, len(data)))
            at = data.find(signature, at + 1)
    return sorted(offsets)


def set_byte(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + bytes([value]) + data[offset + 1:]


# -- ZIP members ----------------------------------------------------------------------------


@dataclass(slots=True)
class Member:
    name: str
    data: bytes


COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                zipfile.ZIP_LZMA)


def members_of(data: bytes) -> list[Member]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [Member(i.filename, archive.read(i)) for i in archive.infolist()]


def zip_bytes(members: list[Member], compression: int = zipfile.ZIP_DEFLATED,
              first_stored: str | None = "mimetype") -> bytes:
    """A ZIP of `members` in order (duplicate names kept, as a hostile writer would).

    The member named `first_stored` (an .ods ``mimetype``) is stored uncompressed, as the
    format asks, unless the compression itself is what is being mutated.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            info = zipfile.ZipInfo(member.name, date_time=(2025, 5, 15, 10, 0, 0))
            info.compress_type = (zipfile.ZIP_STORED if member.name == first_stored
                                  else compression)
            info.external_attr = 0o644 << 16
            with warnings.catch_warnings():  # a duplicate name is the point, not a mistake
                warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
                archive.writestr(info, member.data)
    return buffer.getvalue()


def replace_member(members: list[Member], name: str, data: bytes) -> list[Member]:
    return [Member(m.name, data) if m.name == name else m for m in members]


def to_shared_strings(xlsx: bytes) -> bytes:
    """The same workbook with its inline strings moved to ``xl/sharedStrings.xml`` (as Excel
    writes them), so mutations can also remove or damage the shared strings."""
    members = members_of(xlsx)
    strings: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = strings.setdefault(match.group(2), len(strings))
        return match.group(1) + b't="s"><v>' + str(index).encode() + b"</v></c>"

    inline = re.compile(rb'(<c [^>]*?)t="inlineStr"><is><t(?: xml:space="preserve")?>'
                        rb"([^<]*)</t></is></c>")
    out = [Member(m.name, inline.sub(shared, m.data)) if m.name.startswith("xl/worksheets/")
           else m for m in members]
    items = b"".join(b'<si><t xml:space="preserve">' + text + b"</t></si>" for text in strings)
    sst = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="'
           + str(len(strings)).encode() + b'" uniqueCount="' + str(len(strings)).encode()
           + b'">' + items + b"</sst>")
    rel = (b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdSst" />')
    override = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" />')
    for m in out:
        if m.name == "xl/_rels/workbook.xml.rels":
            m.data = m.data.replace(b"</Relationships>", rel + b"</Relationships>")
        elif m.name == "[Content_Types].xml":
            m.data = m.data.replace(b"</Types>", override + b"</Types>")
    return zip_bytes([*out, Member("xl/sharedStrings.xml", sst)])


# -- XML text -------------------------------------------------------------------------------

# Start and end tags of the elements of an XML part (declarations and comments left out).
_TAG = re.compile(rb"<(/?)([\w:.-]+)(?:\s[^<>]*?)?(/?)>")
_ATTRIBUTE = re.compile(rb'\s([\w:.-]+)="([^"]*)"')
_CELL_REF = re.compile(rb'(<(?:\w+:)?c\s[^>]*?\br=)"([A-Za-z]+\d+)"')
_ROW_REF = re.compile(rb'(<(?:\w+:)?row\s[^>]*?\br=)"(\d+)"')
_ODS_REPEAT = re.compile(rb'(table:number-(?:rows|columns)-repeated=)"(\d+)"')

# What a cell reference is pushed to: the sheet's limits, beyond them, or garbage.
HOSTILE_REFS = (
    b"XFD1048576", b"XFD1", b"A1048576", b"XFE1", b"A1048577", b"ZZZZ1", b"A0", b"A-1",
    b"-A1", b"A99999999999999999999", b"A" + b"9" * 60, b"1A", b"", b"E", b"14", b"$E$14",
    b"e14", b"E14:F15", b"E 14", b"\xc3\xa914", b"E1e5", b"R14C5", b"AAAAAAAAAAAAAAA1",
    b"E0x10",
)
HOSTILE_ROWS = (b"1048576", b"1048577", b"0", b"-1", b"99999999999999999999", b"9" * 60,
                b"", b"abc", b"1.5", b"1e6", b" 14", b"\xef\xbc\x91")
HOSTILE_REPEATS = (b"0", b"1", b"1048576", b"16384", b"1073741824", b"2147483648",
                   b"4294967296", b"18446744073709551617", b"9" * 40, b"-1", b"", b"x")
HOSTILE_VALUES = (b"", b"x", b"0", b"-1", b"1e308", b"1e309", b"NaN", b"inf", b"-0",
                  b"99999999999999999999999", b"&amp;", b"\xff", b"&#0;", b"&#xD800;",
                  b"&undefined;", b"]]>", b"<", b"9" * 400)
HOSTILE_TYPES = (b"s", b"n", b"b", b"e", b"d", b"str", b"inlineStr", b"", b"zz",
                 b"float", b"string", b"boolean", b"date", b"time", b"percentage", b"currency")


def element_span(xml: bytes, index: int) -> tuple[int, int] | None:
    """Where the `index`-th element (modulo their number, in document order, nested ones
    included) starts and ends: a cell, its value, a row, a whole sheet…"""
    tags = list(_TAG.finditer(xml))
    starts = [i for i, tag in enumerate(tags) if not tag.group(1)]
    if not starts:
        return None
    k = starts[index % len(starts)]
    first = tags[k]
    if first.group(3):  # self-closing
        return first.span()
    depth = 0
    for tag in tags[k:]:
        if tag.group(2) != first.group(2) or tag.group(3):
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return first.start(), tag.end()
    return first.span()  # never closed: the start tag alone


def drop_element(xml: bytes, index: int) -> bytes:
    span = element_span(xml, index)
    return xml if span is None else xml[:span[0]] + xml[span[1]:]


def repeat_element(xml: bytes, index: int, times: int) -> bytes:
    span = element_span(xml, index)
    if span is None:
        return xml
    start, end = span
    return xml[:end] + xml[start:end] * times + xml[end:]


def set_attribute(xml: bytes, index: int, value: bytes) -> bytes:
    found = list(_ATTRIBUTE.finditer(xml))
    if not found:
        return xml
    match = found[index % len(found)]
    return xml[:match.start(2)] + value + xml[match.end(2):]


def _replace_nth(pattern: re.Pattern[bytes], xml: bytes, index: int, value: bytes,
                 quote: bytes = b'"') -> bytes:
    found = list(pattern.finditer(xml))
    if not found:
        return xml
    match = found[index % len(found)]
    return xml[:match.start()] + match.group(1) + quote + value + quote + xml[match.end():]


def set_cell_ref(xml: bytes, index: int, value: bytes, quote: bytes = b'"') -> bytes:
    return _replace_nth(_CELL_REF, xml, index, value, quote)


def set_row_ref(xml: bytes, index: int, value: bytes, quote: bytes = b'"') -> bytes:
    return _replace_nth(_ROW_REF, xml, index, value, quote)


def set_repeat(xml: bytes, index: int, value: bytes, quote: bytes = b'"') -> bytes:
    return _replace_nth(_ODS_REPEAT, xml, index, value, quote)


def set_values(xml: bytes, index: int, value: bytes) -> bytes:
    """Replace the text of the n-th ``<v>``/``<t>``/``<text:p>`` element."""
    found = list(re.finditer(rb"<((?:\w+:)?(?:v|t|p))(?:\s[^>]*)?>([^<]*)</\1>", xml))
    if not found:
        return xml
    match = found[index % len(found)]
    return xml[:match.start(2)] + value + xml[match.end(2):]


def set_cell_type(xml: bytes, index: int, value: bytes) -> bytes:
    found = list(re.finditer(rb'\b(?:t|office:value-type|calcext:value-type)="([^"]*)"', xml))
    if not found:
        return xml
    match = found[index % len(found)]
    return xml[:match.start(1)] + value + xml[match.end(1):]


# -- text tables ----------------------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252",
             "latin-1", "mac_roman")


def table_text(rows: list[list[str]], delimiter: str, quoting: int, quotechar: str,
               lineterminator: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, quotechar=quotechar,
                        lineterminator=lineterminator, escapechar="\\")
    writer.writerows(rows)
    return buffer.getvalue()


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


# -- strategies -----------------------------------------------------------------------------

class Mutation(tuple[str, bytes]):
    """``(what, data)``: shown by what was done, not by its (large) bytes."""

    __slots__ = ()

    def __new__(cls, what: str, data: bytes) -> Mutation:
        return super().__new__(cls, (what, data))

    def __repr__(self) -> str:
        return f"<{len(self[1])} bytes: {self[0]}>"


OFFSET = st.integers(min_value=0, max_value=2**31)
JUNK = st.binary(min_size=1, max_size=64) | st.sampled_from([
    b"\x00" * 16, b"PK\x03\x04", b"PK\x05\x06" + b"\x00" * 18, b"\xff" * 32,
    b"<?xml version='1.0'?>", b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b"]]>", b"\r\n" * 8])


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> Mutation:
    """Bytes of the whole file flipped, truncated, inserted or deleted (1–3 times)."""
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "header"]))
        offset = draw(OFFSET)
        fields = header_fields(data) if kind == "header" else []
        if fields:
            at = fields[offset % len(fields)]
            value = draw(st.sampled_from([0x00, 0xFF, 0x7F, 0x80, 0x01]) | st.integers(0, 255))
            data = set_byte(data, at, value)
            steps.append(f"zip header byte {at} = {value:#x}")
        elif kind == "flip":
            mask = draw(st.integers(1, 255))
            data = flip(data, offset, mask)
            steps.append(f"flip byte {offset % max(len(data), 1)} ^ {mask:#x}")
        elif kind == "truncate":
            steps.append(f"truncate at {offset % (len(data) + 1)}")
            data = truncate(data, offset)
        elif kind == "insert":
            chunk = draw(JUNK)
            steps.append(f"insert {chunk[:16]!r}… at {offset % (len(data) + 1)}")
            data = insert(data, offset, chunk)
        else:
            length = draw(st.integers(1, 4096))
            steps.append(f"delete {length} at {offset % (len(data) + 1)}")
            data = delete(data, offset, length)
    return Mutation("; ".join(steps), data)


XmlEdit = Callable[[bytes], bytes]


@st.composite
def xml_edit(draw: st.DrawFn, ods: bool) -> tuple[str, XmlEdit]:
    """One change to the XML of a sheet (or any XML member)."""
    index = draw(st.integers(0, 10_000))
    kinds = ["drop", "repeat", "attribute", "value", "type", "raw"]
    kinds += ["repeat-count"] if ods else ["cell-ref", "row-ref"]
    kind = draw(st.sampled_from(kinds))
    if kind == "drop":
        return f"drop element #{index}", lambda x: drop_element(x, index)
    if kind == "repeat":
        times = draw(st.integers(1, 50))
        return (f"repeat element #{index} ×{times}",
                lambda x: repeat_element(x, index, times))
    if kind == "attribute":
        value = draw(st.sampled_from(HOSTILE_VALUES + HOSTILE_REFS))
        return f"attribute #{index} = {value[:30]!r}", lambda x: set_attribute(x, index, value)
    if kind == "value":
        value = draw(st.sampled_from(HOSTILE_VALUES))
        return f"text #{index} = {value[:30]!r}", lambda x: set_values(x, index, value)
    if kind == "type":
        value = draw(st.sampled_from(HOSTILE_TYPES))
        return f"cell type #{index} = {value!r}", lambda x: set_cell_type(x, index, value)
    if kind == "cell-ref":
        value = draw(st.sampled_from(HOSTILE_REFS))
        quote = draw(st.sampled_from([b'"', b"'"]))
        return (f"cell ref #{index} = {quote.decode()}{value[:30]!r}",
                lambda x: set_cell_ref(x, index, value, quote))
    if kind == "row-ref":
        value = draw(st.sampled_from(HOSTILE_ROWS))
        quote = draw(st.sampled_from([b'"', b"'"]))
        return (f"row ref #{index} = {quote.decode()}{value[:30]!r}",
                lambda x: set_row_ref(x, index, value, quote))
    if kind == "repeat-count":
        value = draw(st.sampled_from(HOSTILE_REPEATS))
        quote = draw(st.sampled_from([b'"', b"'"]))
        return (f"repeat count #{index} = {quote.decode()}{value[:30]!r}",
                lambda x: set_repeat(x, index, value, quote))
    offset, mask = draw(OFFSET), draw(st.integers(1, 255))
    return f"xml byte {offset} ^ {mask:#x}", lambda x: flip(x, offset, mask)


def _xml_members(members: list[Member]) -> list[str]:
    return [m.name for m in members if m.name.endswith((".xml", ".rels"))]


@st.composite
def package_mutation(draw: st.DrawFn, data: bytes, ods: bool) -> Mutation:
    """A workbook (.xlsx or .ods) changed inside its ZIP, then re-zipped."""
    members = members_of(data)
    names = [m.name for m in members]
    xml_names = _xml_members(members)
    sheets = [n for n in xml_names if n.startswith("xl/worksheets/") or n == "content.xml"]
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(
            ["sheet-xml", "sheet-xml", "sheet-xml", "other-xml", "remove", "rename",
             "duplicate", "content-types", "workbook-xml"]))
        if kind in ("sheet-xml", "other-xml", "content-types", "workbook-xml"):
            if kind == "sheet-xml":
                target = draw(st.sampled_from(sheets))
            elif kind == "content-types":
                target = "META-INF/manifest.xml" if ods else "[Content_Types].xml"
            elif kind == "workbook-xml":
                target = draw(st.sampled_from(
                    ["content.xml", "styles.xml", "settings.xml"] if ods else
                    ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"]))
            else:
                target = draw(st.sampled_from(xml_names))
            current = {m.name: m.data for m in members}
            if target not in current:
                continue
            what, edit = draw(xml_edit(ods and target == "content.xml"))
            members = replace_member(members, target, edit(current[target]))
            steps.append(f"{target}: {what}")
        elif kind == "remove":
            target = draw(st.sampled_from(names))
            members = [m for m in members if m.name != target]
            steps.append(f"remove {target}")
        elif kind == "rename":
            target = draw(st.sampled_from(names))
            new = draw(st.sampled_from([
                target.upper(), "/" + target, target.replace("/", "\\"), target + ".bak",
                target.replace("sheet", "Sheet"), "x/" + target, target + "/",
                "mimetype" if not ods else "[Content_Types].xml"]))
            members = [Member(new, m.data) if m.name == target else m for m in members]
            steps.append(f"rename {target} → {new}")
        else:
            target = draw(st.sampled_from(names))
            source = next((m for m in members if m.name == target), None)
            if source is None:
                continue
            data_ = draw(st.sampled_from([source.data, b"", b"<x/>", source.data[::-1]]))
            at = draw(st.integers(0, len(members)))
            members = [*members[:at], Member(target, data_), *members[at:]]
            steps.append(f"duplicate {target} at #{at}")
    compression = draw(st.sampled_from(COMPRESSIONS))
    names_ = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated",
              zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "lzma"}
    keep_mimetype = draw(st.booleans())
    out = zip_bytes(members, compression, "mimetype" if keep_mimetype else None)
    steps.append(f"re-zipped {names_[compression]}")
    if draw(st.integers(0, 4)) == 0:
        what, out = draw(byte_mutation(out))
        steps.append(what)
    return Mutation("; ".join(steps), out)


def workbook_mutation(data: bytes, ods: bool) -> st.SearchStrategy[Mutation]:
    return st.one_of(byte_mutation(data), package_mutation(data, ods))


ODD_NAMES = (
    "kuesioner.xlsx", "KUESIONER.XLSX", "a/b/c/d.xlsx", "spasi di nama.xlsx",
    "Dinas Pekerjaan Umum – Penataan Ruang.xlsx", "ódd-ñame.ods", "日本語.xlsx",
    "x" * 240 + ".xlsx",
    "../naik.xlsx", "/absolut.xlsx", "C:/windows.xlsx", "a\\b.xlsx", "__MACOSX/._x.xlsx",
    "~$kunci.xlsx", ".xlsx", "tanpa-ekstensi", "tabel.csv", "tabel.tsv", "tabel.txt",
    "arsip.zip", "dalam/arsip.ZIP", "thumbs.db", "berkas.xls", "templat.xltx", "makro.xlsm",
    "folder/", "a//b.xlsx", "./titik.xlsx", "nul\x00.xlsx",
)


@st.composite
def batch_zip(draw: st.DrawFn, parts: list[Mutation], depth: int = 0) -> Mutation:
    """A batch ZIP holding `parts` under odd names, sometimes inside a nested ZIP."""
    members: list[Member] = []
    steps = []
    for what, data in parts:
        name = draw(st.sampled_from(ODD_NAMES))
        members.append(Member(name, data))
        steps.append(f"{name!r} ({what})")
    if depth < 2 and draw(st.booleans()):
        inner_what, inner = draw(batch_zip(parts[:1], depth + 1))
        name = draw(st.sampled_from(["dalam.zip", "x/y.zip", "arsip.xlsx", "n.ods"]))
        members.append(Member(name, inner))
        steps.append(f"{name!r} = zip[{inner_what}]")
    compression = draw(st.sampled_from(COMPRESSIONS))
    out = zip_bytes(members, compression, None)
    if draw(st.integers(0, 5)) == 0:
        what, out = draw(byte_mutation(out))
        steps.append(f"batch bytes: {what}")
    return Mutation("zip[" + ", ".join(steps) + "]", out)


TABLE_DELIMITERS = (",", ";", "\t", "|", ":", " ", "\x00", "\x1f", "،", "\u3000")


@st.composite
def table_mutation(draw: st.DrawFn, rows: list[list[str]]) -> Mutation:
    """A responses table rewritten with other delimiters, quotes, encodings and damage."""
    rows = [list(r) for r in rows]
    steps = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(
            ["extra-cells", "drop-cells", "long-cell", "nul", "drop-row", "dup-row",
             "odd-text", "empty-header", "dup-column"]))
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, max(len(rows[r]) - 1, 0)))
        if kind == "extra-cells":
            rows[r] += draw(st.lists(st.text(max_size=10), min_size=1, max_size=5))
        elif kind == "drop-cells":
            rows[r] = rows[r][:c]
        elif kind == "long-cell" and rows[r]:
            rows[r][c] = draw(st.sampled_from(["Ya", "x", "\u200b", "\"", "é"])) * draw(
                st.sampled_from([1000, 70_000, 140_000]))
        elif kind == "nul" and rows[r]:
            rows[r][c] = rows[r][c] + "\x00"
        elif kind == "drop-row" and len(rows) > 1:
            del rows[r]
        elif kind == "dup-row":
            rows.insert(r, list(rows[r]))
        elif kind == "odd-text" and rows[r]:
            rows[r][c] = draw(st.text(max_size=20))
        elif kind == "empty-header":
            rows[0] = ["" for _ in rows[0]]
        elif kind == "dup-column" and rows[0]:
            c = c % len(rows[0])
            rows = [row[:c + 1] + row[c:c + 1] + row[c + 1:] for row in rows]
        steps.append(f"{kind} at row {r} col {c}")
    delimiter = draw(st.sampled_from(TABLE_DELIMITERS))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    quotechar = draw(st.sampled_from(['"', "'"]))
    newline = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    if delimiter == quotechar:
        quotechar = '"' if delimiter != '"' else "'"
    try:
        text = table_text(rows, delimiter, quoting, quotechar, newline)
    except (csv.Error, ValueError) as exc:  # a delimiter the csv writer cannot use
        text = newline.join(delimiter.join(r) for r in rows)
        steps.append(f"joined by hand ({exc})")
    steps.append(f"delimiter {delimiter!r}, quoting {quoting}, quote {quotechar!r}, "
                 f"newline {newline!r}")
    if draw(st.booleans()):
        at = draw(OFFSET) % (len(text) + 1)
        junk = draw(st.sampled_from(['"', '""', "'", "\x00", "\ufeff", "\r", "\n", "\u2028"]))
        text = text[:at] + junk + text[at:]
        steps.append(f"{junk!r} inserted at char {at}")
    encoding = draw(st.sampled_from(ENCODINGS))
    data = encode(text, encoding)
    bom = draw(st.sampled_from([b"", b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]))
    data = bom + data
    steps.append(f"{encoding} with BOM {bom!r}")
    if draw(st.integers(0, 3)) == 0:
        what, data = draw(byte_mutation(data))
        steps.append(what)
    return Mutation("; ".join(steps), data)
