"""Property tests: mutated valid inputs thrown at the batch reader.

Whatever an upload holds, every file of the batch ends accepted (maybe with W4xx warnings)
or rejected with at least one catalogued error — never an exception, never a traceback,
never a "damaged file" that is really the reader tripping over its own feet (the last-resort
handler, a worker failing to send its result back, the time limit) — and a good workbook
read in the same batch is still accepted with SAQ 100.

Inputs are the real files of ``tests/fixtures/cases`` (the nasional-2025 / opd baseline as
.xlsx, also with shared strings, the same questionnaire saved as .ods, a Google Forms table
as CSV and as .xls), changed by the mutations of :mod:`tests.questionnaires.mutations`:
bytes of the whole file and of its ZIP headers, the XML inside the package (elements,
attributes, cell and row references pushed to or past the sheet limits), ZIP members
renamed/removed/duplicated, other compression methods, batch ZIPs with odd names and nested
ZIPs, and text tables in other delimiters, quotes and encodings. Where a mutation once found
a bug, a deterministic sweep of that kind keeps it found (hostile references, repeat counts,
central-directory fields, far cells written in ways the parser still reads, unclosed cells,
truncated .xls, a long cell in a guessed encoding).

Several mutated files are read in one batch to amortise the worker pool. Runs are
derandomised (no example database), so CI sees the same examples every time;
``MONEV_FUZZ_SCALE=20`` multiplies the examples and draws fresh ones, for a longer hunt
(failing inputs are written to ``MONEV_FUZZ_DUMP``, default /tmp/monev-fuzz).
"""

from __future__ import annotations

import csv
import io
import os
import time
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaires.batch import BatchReader, BatchResult, FileStatus
from questionnaires.errors import CATALOG
from questionnaires.loader import Registry, presets
from questionnaires.model import AnswerType
from questionnaires.sources import Source
from questionnaires.submission import NIL, Submission
from scoring.engine import score
from scoring.inputs import Case
from tests.questionnaires import mutations as mut

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
BASELINE = (CASES / "baseline-all-best-answers.xlsx").read_bytes()
ODS = (CASES / "questionnaire-saved-as-ods.ods").read_bytes()
TABLE = (CASES / "google-forms-grid-columns.csv").read_bytes()
BODY = "Dinas Komunikasi dan Informatika"
CONTROL_BODY = "Dinas Kontrol Uji Acak"
CONTROL = "kontrol-baik.xlsx"

SCALE = max(1, int(os.environ.get("MONEV_FUZZ_SCALE", "1") or 1))
# Generating a mutation parses a 100–300 KB package; that is the point, not a slow test.
FUZZ = settings(deadline=None, derandomize=SCALE == 1, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def examples(n: int) -> settings:
    return settings(FUZZ, max_examples=n * SCALE)


# -- inputs ---------------------------------------------------------------------------------


def with_body(xlsx: bytes, body: str) -> bytes:
    """The baseline with another badan publik name in Identitas!B3 (so it never collides)."""
    members = mut.members_of(xlsx)
    part = "xl/worksheets/sheet2.xml"
    old = next(m.data for m in members if m.name == part)
    new = old.replace(f"<t>{BODY}</t>".encode(), f"<t>{body}</t>".encode())
    assert new != old
    return mut.zip_bytes(mut.replace_member(members, part, new))


@cache
def control() -> Source:
    return Source(CONTROL, with_body(BASELINE, CONTROL_BODY))


@cache
def shared_strings_baseline() -> bytes:
    """The baseline with its strings in xl/sharedStrings.xml, as Excel writes them."""
    return mut.to_shared_strings(with_body(BASELINE, "Dinas Teks Bersama"))


def table_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(TABLE.decode("utf-8-sig"))))


@cache
def table_xls() -> bytes:
    """The Google Forms table saved as an Excel 97 .xls (a compound file, read by calamine's
    own CFB reader, without a sheet scan)."""
    import xlwt

    rows = table_rows()
    name = rows[0].index("Nama Badan Publik")
    rows[1][name] = "Dinas Tabel Excel Lama"  # not the body of the CSV read beside it
    book = xlwt.Workbook()
    sheet = book.add_sheet("Jawaban")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@cache
def registry() -> Registry:
    return presets()


@cache
def reader() -> BatchReader:
    return BatchReader(registry())


# -- the invariant --------------------------------------------------------------------------

# The reader's last-resort handler reports an unexpected exception as F204 with the
# exception's class name as the detail (questionnaires.batch.BatchReader.read_one); the pool
# reports a worker that failed in any other way than the memory cap or an abort as F216
# with a class name too. Either is the reader tripping over a file, not a refusal.
@cache
def _exception_names() -> frozenset[str]:
    names, todo = set(), [BaseException]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if not cls.__module__.startswith("python_calamine"):
            names.add(cls.__name__)
    return frozenset(names)


def _hidden_crash(problem) -> bool:
    detail = problem.context.get("detail", "")
    if problem.code == "F204":
        return detail in _exception_names()
    if problem.code == "F216":
        return detail != "memori habis" and not detail.startswith("proses pembaca berhenti")
    # No input here is bigger than a few hundred KB: reaching the time limit is a reader
    # stuck in its own work (a quadratic scan), not a file too big to read.
    return problem.code == "F217"


def check_answers(submission: Submission) -> None:
    methodology = registry().get(submission.methodology_id)
    assert methodology is not None, submission.methodology_id
    assert methodology.category(submission.category) is not None, submission.category
    assert submission.badan_publik.strip()
    questions = methodology.question_by_code
    for code, answer in submission.answers.items():
        assert answer.question == code
        question = questions[code]
        assert question.applies_to(submission.category), code
        value = answer.value
        if value is None:
            continue
        if value == NIL and isinstance(value, str):
            assert question.allow_na, code
        elif question.type is AnswerType.YES_NO:
            assert type(value) is bool, (code, value)
        elif question.type is AnswerType.SCALE:
            assert type(value) is int, (code, value)
            assert question.level(value) is not None, (code, value)
        else:
            assert isinstance(value, frozenset), (code, value)
            assert value <= {i.code for i in question.items}, (code, value)
        assert isinstance(answer.evidence, str)
        assert isinstance(answer.note, str)
    result = score(Case(submission.badan_publik, submission.category,
                        submission=submission), methodology)
    assert result.saq_raw is None or Decimal(0) <= result.saq_raw <= Decimal(100)


def check(result: BatchResult, inputs: dict[str, str], control_name: str | None = CONTROL,
          ) -> None:
    """The invariant for every file of `result`; `inputs` names what each input was."""
    where = "\n".join(f"  {name}: {what}" for name, what in inputs.items())
    for report in result.files:
        context = f"{report.name}: {[str(p) for p in report.problems]}\ninputs:\n{where}"
        assert report.status in (FileStatus.ACCEPTED, FileStatus.REJECTED), context
        assert all(p.code in CATALOG for p in report.problems), context
        assert not [p for p in report.problems if _hidden_crash(p)], context
        if report.status is FileStatus.REJECTED:
            assert report.errors, context
        else:
            assert not report.errors, context
            assert all(p.code.startswith("W") for p in report.warnings), context
        for submission in report.submissions:
            check_answers(submission)
    if control_name is None:
        return
    good = [f for f in result.files if f.name == control_name]
    assert len(good) == 1, [f.name for f in result.files]
    assert good[0].status is FileStatus.ACCEPTED, [str(p) for p in good[0].problems]
    assert good[0].problems == []
    [submission] = good[0].submissions
    assert submission.badan_publik == CONTROL_BODY
    methodology = registry().get(submission.methodology_id)
    assert score(Case(submission.badan_publik, submission.category, submission=submission),
                 methodology).saq_raw == Decimal("100.00")


DUMP = Path(os.environ.get("MONEV_FUZZ_DUMP", "/tmp/monev-fuzz"))


def read_with_control(mutants: list[mut.Mutation], suffix: str) -> None:
    """Read the mutants in one batch after the control; on a failure the inputs are written
    to :data:`DUMP` (one file each, as uploaded) to replay by hand."""
    sources = [control()]
    inputs = {}
    for i, (what, data) in enumerate(mutants):
        name = f"mutan-{i}{suffix}"
        sources.append(Source(name, data))
        inputs[name] = what
    try:
        result = reader().read(sources)
        names = [f.name for f in result.files]
        for source in sources:  # every upload is reported, itself or by its members
            assert any(n == source.name or n.startswith(source.name + "/") for n in names), (
                source.name, names)
        check(result, inputs)
    except BaseException as exc:
        DUMP.mkdir(parents=True, exist_ok=True)
        for source in sources[1:]:
            (DUMP / source.name).write_bytes(source.data)
        exc.add_note(f"inputs written to {DUMP}/")
        raise


# -- workbooks ------------------------------------------------------------------------------


@examples(20)
@given(st.lists(mut.workbook_mutation(BASELINE, ods=False), min_size=4, max_size=6))
def test_mutated_xlsx(mutants):
    read_with_control(mutants, ".xlsx")


@examples(6)
@given(st.data())
def test_mutated_xlsx_with_shared_strings(data):
    base = shared_strings_baseline()
    mutants = data.draw(st.lists(mut.workbook_mutation(base, ods=False), min_size=4,
                                 max_size=6))
    read_with_control(mutants, ".xlsx")


@examples(10)
@given(st.lists(mut.workbook_mutation(ODS, ods=True), min_size=3, max_size=5))
def test_mutated_ods(mutants):
    read_with_control(mutants, ".ods")


# Cell and row references pushed to the limits of the sheet or past them, in every sheet the
# reader parses (Identitas, Kuesioner, _meta; Petunjuk and _pilihan are read only when the
# workbook is taken for a responses table): not drawn at random, every value is tried.
READ_SHEETS = ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
               "xl/worksheets/sheet4.xml")


def _every_reference_edit(xlsx: bytes) -> list[mut.Mutation]:
    members = mut.members_of(xlsx)
    out = []
    for part in READ_SHEETS:
        xml = next(m.data for m in members if m.name == part)
        for index in (0, -1):
            for quote in (b'"', b"'"):
                for ref in mut.HOSTILE_REFS:
                    changed = mut.set_cell_ref(xml, index, ref, quote)
                    out.append(mut.Mutation(
                        f"{part} cell #{index} r={quote.decode()}{ref[:20]!r}",
                        mut.zip_bytes(mut.replace_member(members, part, changed))))
                for row in mut.HOSTILE_ROWS:
                    changed = mut.set_row_ref(xml, index, row, quote)
                    out.append(mut.Mutation(
                        f"{part} row #{index} r={quote.decode()}{row[:20]!r}",
                        mut.zip_bytes(mut.replace_member(members, part, changed))))
    return out


def test_every_hostile_reference_in_every_read_sheet():
    mutants = _every_reference_edit(BASELINE)
    read_with_control(mutants, ".xlsx")


def test_every_hostile_repeat_count_in_the_ods():
    members = mut.members_of(ODS)
    xml = next(m.data for m in members if m.name == "content.xml")
    count = len(list(mut._ODS_REPEAT.finditer(xml)))
    mutants = []
    for index in sorted({0, 1, 5, count // 3, count // 2, count - 2, count - 1}):
        for value in mut.HOSTILE_REPEATS:
            for quote in (b'"', b"'"):
                changed = mut.set_repeat(xml, index, value, quote)
                mutants.append(mut.Mutation(
                    f"content.xml repeat #{index} = {quote.decode()}{value[:20]!r}",
                    mut.zip_bytes(mut.replace_member(members, "content.xml", changed))))
    read_with_control(mutants, ".ods")


@examples(8)
@given(st.lists(mut.byte_mutation(table_xls()), min_size=6, max_size=10))
def test_mutated_xls(mutants):
    read_with_control(mutants, ".xls")


def test_xls_truncated_anywhere():
    """A download cut short: calamine's .xls reader panicked (a Rust panic is a
    BaseException in Python) on most of these instead of refusing them."""
    data = table_xls()
    mutants = [mut.Mutation(f"truncated at {n}", data[:n]) for n in range(512, len(data), 128)]
    read_with_control(mutants, ".xls")


# -- batch ZIPs -----------------------------------------------------------------------------


@st.composite
def batch_members(draw: st.DrawFn) -> list[mut.Mutation]:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        base = draw(st.sampled_from(["xlsx", "ods", "csv"]))
        if base == "xlsx":
            parts.append(draw(mut.workbook_mutation(BASELINE, ods=False)))
        elif base == "ods":
            parts.append(draw(mut.workbook_mutation(ODS, ods=True)))
        else:
            parts.append(draw(mut.table_mutation(table_rows())))
    return parts


@examples(16)
@given(st.lists(batch_members().flatmap(mut.batch_zip), min_size=1, max_size=3))
def test_mutated_batch_zips(batches):
    read_with_control(batches, ".zip")


# -- text tables ----------------------------------------------------------------------------


@examples(20)
@given(st.lists(mut.table_mutation(table_rows()), min_size=4, max_size=8),
       st.sampled_from([".csv", ".tsv", ".txt"]))
def test_mutated_tables(mutants, suffix):
    read_with_control(mutants, suffix)


# -- the mutations themselves ---------------------------------------------------------------


def test_unmutated_inputs_are_accepted():
    """The inputs the mutations start from are read as the cases README says."""
    sources = [control(), Source("bersama.xlsx", shared_strings_baseline()),
               Source("tabel.csv", TABLE), Source("tabel.xls", table_xls()),
               Source("kuesioner.ods", ODS)]
    result = reader().read(sources)
    check(result, {})
    assert [f.status for f in result.files] == [FileStatus.ACCEPTED] * 5, [
        [str(p) for p in f.problems] for f in result.files]


@pytest.mark.parametrize("compression", mut.COMPRESSIONS)
def test_rezipped_baseline_with_any_method_is_read_or_refused(compression):
    members = mut.members_of(with_body(BASELINE, "Dinas Zip Ulang"))
    data = mut.zip_bytes(members, compression)
    result = reader().read([control(), Source("ulang.xlsx", data)])
    check(result, {"ulang.xlsx": f"re-zipped with method {compression}"})


# -- ZIP structure: every field of the central directory, one at a time ----------------------


def test_every_central_directory_field_set_to_ff():
    """What a single damaged byte in a ZIP's directory makes a reader believe: a version it
    cannot extract, another method, an encrypted member, sizes and offsets past the end."""
    data = mut.zip_bytes(mut.members_of(BASELINE))
    directory = data.find(b"PK\x01\x02")
    fields = [at for at in mut.header_fields(data) if at > directory]
    mutants = [mut.Mutation(f"directory byte {at} = 0xff", mut.set_byte(data, at, 0xFF))
               for at in fields if data[at] != 0xFF]
    read_with_control(mutants, ".xlsx")


# -- the sheet bound: a far cell however its XML is written ----------------------------------

# One far cell appended to the Identitas sheet, written in ways the parser (calamine, via
# quick-xml) still reads as XFD1048576: each must be refused by the bound from the sheet's
# XML (F218/F206) before a grid is built, never left to the worker's memory cap (F216), which
# is all that stands between such a file and the process when isolation is off.
FAR_CELLS = {
    "plain": b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>',
    "single quotes": b"<row r='1048576'><c r='XFD1048576' t=\"n\"><v>1</v></c></row>",
    "spaces around =": b'<row r="1048576"><c r = "XFD1048576" t="n"><v>1</v></c></row>',
    "newline in tag": b'<row r="1048576"><c\nr="XFD1048576" t="n"><v>1</v></c></row>',
    "tab in tag": b'<row r="1048576"><c\tr="XFD1048576" t="n"><v>1</v></c></row>',
    "space before value": b'<row r="1048576"><c r="XFD1048576" t="n"> <v>1</v></c></row>',
    "child before value": b'<row r="9"><c r="XFD1048576" t="n"><extLst/><v>1</v></c></row>',
    "value with attribute": b'<row r="9"><c r="XFD1048576"><v xml:space="preserve">1</v></c>'
                            b"</row>",
    "> inside an attribute": b'<row r="9"><c r="XFD1048576" x="a>b" t="n"><v>1</v></c></row>',
    "/> inside an attribute": b'<row r="9"><c r="XFD1048576" x="/>" t="n"><v>1</v></c></row>',
    "lower case": b'<row r="9"><c r="xfd1048576" t="n"><v>1</v></c></row>',
    "leading zeros": b'<row r="9"><c r="XFD0001048576" t="n"><v>1</v></c></row>',
    "15 letters": b'<row r="9"><c r="AAAAAAAAAAAAAAA9" t="n"><v>1</v></c></row>',
    "second r attribute": b'<row r="9"><c r="A9" r="XFD1048576" t="n"><v>1</v></c></row>',
    "second r attribute later": b'<row r="9"><c r="A9" t="n" r="XFD1048576"><v>1</v></c>'
                                b"</row>",
    "prefixed cell": b'<x:row r="9" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/'
                     b'2006/main"><x:c r="XFD1048576" t="n"><x:v>1</x:v></x:c></x:row>',
    "CDATA value": b'<row r="9"><c r="XFD1048576" t="str"><v><![CDATA[x]]></v></c></row>',
}


def test_a_far_cell_however_written_is_refused_by_the_bound():
    members = mut.members_of(BASELINE)
    part = "xl/worksheets/sheet2.xml"
    xml = next(m.data for m in members if m.name == part)
    sources = [control()]
    for i, cell in enumerate(FAR_CELLS.values()):
        changed = xml.replace(b"</row></sheetData>", b"</row>" + cell + b"</sheetData>", 1)
        assert changed != xml
        sources.append(Source(f"jauh-{i}.xlsx",
                              mut.zip_bytes(mut.replace_member(members, part, changed))))
    result = reader().read(sources)
    check(result, {f"jauh-{i}.xlsx": what for i, what in enumerate(FAR_CELLS)})
    for report, what in zip(result.files[1:], FAR_CELLS, strict=True):
        assert report.status is FileStatus.REJECTED, what
        assert {p.code for p in report.errors} <= {"F218", "F206"}, (
            what, [str(p) for p in report.errors])


def test_unclosed_cells_are_refused_quickly():
    """40 000 cells without their end tag (a sheet with a formula, so scanned cell by cell):
    the scan once searched the rest of the sheet from every one of them (minutes)."""
    members = mut.members_of(BASELINE)
    part = "xl/worksheets/sheet2.xml"
    xml = next(m.data for m in members if m.name == part)
    cells = b"".join(b'<c r="C%d" t="n"><v>1</v>' % (9 + i // 1000) for i in range(40_000))
    changed = xml.replace(b"</row></sheetData>",
                          b'</row><row r="9"><c r="B9"><f>1+1</f></c>' + cells
                          + b"</row></sheetData>", 1)
    data = mut.zip_bytes(mut.replace_member(members, part, changed))
    started = time.monotonic()
    read_with_control([mut.Mutation("40 000 unclosed cells", data)], ".xlsx")
    assert time.monotonic() - started < 15


def test_long_cell_in_a_guessed_encoding_is_read_quickly():
    """A cp1252 table (its encoding guessed, so W408 samples its non-ASCII words) with one
    80 000-character cell: the word search once retried from every position of it."""
    rows = table_rows()
    rows[1][5] = "Ya" * 40_000 + " Syari’at"
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    data = text.getvalue().encode("cp1252")
    started = time.monotonic()
    read_with_control([mut.Mutation("cp1252, one 80 000-character cell", data)], ".csv")
    assert time.monotonic() - started < 15


# The same for an .ods: rows and columns repeated far, written in ways the parser reads (it
# builds every sheet when the file is opened, so the bound must come first).
_FAR = b' office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
FAR_ODS_ROWS = {
    "plain": b'<table:table-row table:number-rows-repeated="100000">'
             b'<table:table-cell table:number-columns-repeated="1000"' + _FAR
             + b"</table:table-row>",
    "single quotes": b"<table:table-row table:number-rows-repeated='100000'>"
                     b"<table:table-cell table:number-columns-repeated='1000'" + _FAR
                     + b"</table:table-row>",
    "spaces around =": b'<table:table-row table:number-rows-repeated = "100000">'
                       b'<table:table-cell table:number-columns-repeated = "1000"' + _FAR
                       + b"</table:table-row>",
    "newline in tag": b'<table:table-row\ntable:number-rows-repeated="100000">'
                      b'<table:table-cell\ntable:number-columns-repeated="1000"' + _FAR
                      + b"</table:table-row>",
    "> inside an attribute": b'<table:table-row x="a>b" table:number-rows-repeated="100000">'
                             b'<table:table-cell x="/>" table:number-columns-repeated="1000"'
                             + _FAR + b"</table:table-row>",
    "far columns": b'<table:table-row><table:table-cell table:number-columns-repeated="16000"/>'
                   b"<table:table-cell" + _FAR + b"</table:table-row>",
}


def test_a_far_ods_cell_however_written_is_refused_by_the_bound():
    members = mut.members_of(ODS)
    xml = next(m.data for m in members if m.name == "content.xml")
    first_row = xml.index(b"<table:table-row", xml.index(b'table:name="Identitas"'))
    sources = [control()]
    for i, rows in enumerate(FAR_ODS_ROWS.values()):
        changed = xml[:first_row] + rows + xml[first_row:]
        sources.append(Source(f"jauh-{i}.ods",
                              mut.zip_bytes(mut.replace_member(members, "content.xml",
                                                               changed))))
    # a sheet named in single quotes is bounded too
    named = xml.replace(b'table:name="Identitas"', b"table:name='Identitas'", 1)
    at = named.index(b"<table:table-row", named.index(b"table:name='Identitas'"))
    sources.append(Source("jauh-nama.ods", mut.zip_bytes(mut.replace_member(
        members, "content.xml", named[:at] + FAR_ODS_ROWS["plain"] + named[at:]))))
    result = reader().read(sources)
    whats = [*FAR_ODS_ROWS, "sheet name in single quotes"]
    check(result, {s.name: what for s, what in zip(sources[1:], whats, strict=True)})
    for report, what in zip(result.files[1:], whats, strict=True):
        assert report.status is FileStatus.REJECTED, what
        assert {p.code for p in report.errors} <= {"F218", "F206"}, (
            what, [str(p) for p in report.errors])


def test_unclosed_ods_cells_are_refused_quickly():
    members = mut.members_of(ODS)
    xml = next(m.data for m in members if m.name == "content.xml")
    cells = b"<table:table-cell" + _FAR.replace(b"</table:table-cell>", b"")
    last = xml.rindex(b"</table:table>")
    changed = (xml[:last] + b"<table:table-row>" + cells * 8000 + b"</table:table-row>"
               + xml[last:])
    data = mut.zip_bytes(mut.replace_member(members, "content.xml", changed))
    started = time.monotonic()
    read_with_control([mut.Mutation("8 000 unclosed cells", data)], ".ods")
    assert time.monotonic() - started < 15


# -- a far cell behind a mutated package ------------------------------------------------------


@cache
def far_baseline() -> bytes:
    """The baseline with one more cell, in XFD1048576 of the Identitas sheet."""
    members = mut.members_of(with_body(BASELINE, "Dinas Sel Jauh"))
    part = "xl/worksheets/sheet2.xml"
    xml = next(m.data for m in members if m.name == part)
    changed = xml.replace(b"</row></sheetData>", b"</row>" + FAR_CELLS["plain"] + b"</sheetData>")
    return mut.zip_bytes(mut.replace_member(members, part, changed))


def assert_bounded(result: BatchResult, inputs: dict[str, str]) -> None:
    """No file reached the worker's memory cap: the bound came first, whatever the package
    says about where the sheet is, or the parser refused the package."""
    for report in result.files:
        assert "F216" not in {p.code for p in report.problems}, (
            report.name, inputs.get(report.name), [str(p) for p in report.problems])


@examples(10)
@given(st.lists(mut.package_mutation(far_baseline(), ods=False), min_size=4, max_size=6))
def test_a_far_cell_is_bounded_however_the_package_is_mangled(mutants):
    sources = [control()] + [Source(f"jauh-{i}.xlsx", m[1]) for i, m in enumerate(mutants)]
    inputs = {f"jauh-{i}.xlsx": m[0] for i, m in enumerate(mutants)}
    result = reader().read(sources)
    check(result, inputs)
    assert_bounded(result, inputs)


def test_a_far_cell_is_bounded_wherever_the_package_points():
    """Relationships and folders written in ways the parser still follows to the sheet."""
    members = mut.members_of(far_baseline())
    rels = next(m.data for m in members if m.name == "xl/_rels/workbook.xml.rels")
    book = next(m.data for m in members if m.name == "xl/workbook.xml")
    harmless = next(m.data for m in mut.members_of(BASELINE)
                    if m.name == "xl/worksheets/sheet2.xml")
    target = b'Target="/xl/worksheets/sheet2.xml"'
    sheet9 = (b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              b'relationships/worksheet" Target="/xl/worksheets/sheet9.xml" Id="rId9" />')
    identitas = b'<sheet name="Identitas" sheetId="2" state="visible" r:id="rId2" />'

    def with_rels(new: bytes, ms: list[mut.Member] = members) -> list[mut.Member]:
        return mut.replace_member(ms, "xl/_rels/workbook.xml.rels", new)

    variants = {
        "relative target": with_rels(rels.replace(target, b'Target="worksheets/sheet2.xml"')),
        "./ in target": with_rels(rels.replace(target, b'Target="./worksheets/sheet2.xml"')),
        "../ in target": with_rels(rels.replace(target, b'Target="../xl/worksheets/sheet2.xml"')),
        "target in capitals": with_rels(rels.replace(target,
                                                     b'Target="/XL/WORKSHEETS/SHEET2.XML"')),
        "rels in single quotes": with_rels(rels.replace(
            target + b' Id="rId2"', b"Target='/xl/worksheets/sheet2.xml' Id='rId2'")),
        "folder in capitals": [mut.Member("XL/" + m.name[3:] if m.name.startswith("xl/")
                                          else m.name, m.data) for m in members],
        "workbook in capitals": [mut.Member(m.name.replace("workbook.xml", "Workbook.xml"),
                                            m.data) for m in members],
        "sheet member named with backslashes": [
            mut.Member(m.name.replace("/", "\\") if m.name == "xl/worksheets/sheet2.xml"
                       else m.name, m.data) for m in members],
        "sheet name twice, far one first": mut.replace_member(
            with_rels(rels.replace(b"</Relationships>", sheet9 + b"</Relationships>"),
                      [*members, mut.Member("xl/worksheets/sheet9.xml", harmless)]),
            "xl/workbook.xml", book.replace(identitas, identitas + identitas.replace(
                b'sheetId="2"', b'sheetId="9"').replace(b"rId2", b"rId9"))),
    }
    sources = [control()] + [Source(f"jauh-{i}.xlsx", mut.zip_bytes(ms))
                             for i, ms in enumerate(variants.values())]
    inputs = {f"jauh-{i}.xlsx": what for i, what in enumerate(variants)}
    result = reader().read(sources)
    check(result, inputs)
    assert_bounded(result, inputs)
