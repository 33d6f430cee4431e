"""The input-format registry: every kind of file is one module of questionnaires.formats,
recognised by content, offered by the upload widget and opened the same way."""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt

from questionnaires import formats
from questionnaires.formats import Kind, Probe, kinds
from questionnaires.sources import UPLOAD_SUFFIXES, Rejected, Source, classify, expand

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Jawaban"
    book.active.append(["Nama", "Nilai"])
    book.active.append(["Dinas Contoh", 89.95])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xls() -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Jawaban")
    for c, value in enumerate(["Nama", "Nilai"]):
        sheet.write(0, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


SAMPLES = {  # one file of every kind, named as people name them
    "xlsx": lambda: Source("kuesioner.xlsx", _xlsx()),
    "xls": lambda: Source("kuesioner.xls", _xls()),
    "ods": lambda: Source("kuesioner.ods",
                          (CASES / "questionnaire-saved-as-ods.ods").read_bytes()),
    "csv": lambda: Source("jawaban.csv", b"Nama;Nilai\nDinas Contoh;89,95\n"),
    "zip": lambda: Source("kiriman.zip", _zip({"a/jawaban.csv": b"Nama,Nilai\nX,1\n"})),
}


def test_every_kind_has_a_sample_here() -> None:
    """A new format module comes with a sample in SAMPLES (and its own tests)."""
    assert {kind.key for kind in kinds()} == set(SAMPLES)


def test_registry_entries_are_well_formed() -> None:
    keys = [kind.key for kind in kinds()]
    assert len(keys) == len(set(keys))
    assert [kind.order for kind in kinds()] == sorted(kind.order for kind in kinds())
    for kind in kinds():
        assert getattr(Kind, kind.key.upper()) is kind
        assert kind.label
        assert kind.suffixes
        assert all(s.startswith(".") and s == s.lower() for s in kind.suffixes)
        assert (kind.open is None) == kind.container, kind  # opened, or walked: one of both
        assert pickle.loads(pickle.dumps(kind)) is kind  # travels to worker processes by key
    with pytest.raises(AttributeError):
        _ = Kind.PDF


def test_the_upload_widget_offers_every_kinds_suffixes() -> None:
    assert tuple(UPLOAD_SUFFIXES) == tuple(s for kind in kinds() for s in kind.suffixes)
    assert len(set(UPLOAD_SUFFIXES)) == len(UPLOAD_SUFFIXES)


@pytest.mark.parametrize("key", list(SAMPLES))
def test_each_kind_recognises_and_reads_its_sample(key: str) -> None:
    source = SAMPLES[key]()
    kind = classify(source)
    assert kind is getattr(Kind, key.upper())
    if kind.container:
        found = list(expand([source]))
        assert found
        assert all(not isinstance(item, Rejected) for item in found)
        return
    assert kind.open is not None
    sheets = kind.open(source)
    assert sheets.source is source
    assert sheets.sheet_names
    name = sheets.visible_sheet_names[0]
    assert sheets.has_content(name)
    assert sheets.rows(name)[0][0] not in (None, "")
    assert isinstance(sheets.formulas(name), dict)
    assert sheets.ragged is (not kind.is_workbook)
    assert (sheets.decoding is None) is kind.is_workbook


@pytest.mark.parametrize(("theirs", "named"), [("xlsx", "kuesioner.ods"),
                                                ("ods", "kuesioner.xlsx"),
                                                ("xlsx", "kuesioner.zip"),
                                                ("xls", "kuesioner.xlsx"),
                                                ("csv", "jawaban.txt")])
def test_the_content_decides_not_the_name(theirs: str, named: str) -> None:
    source = Source(named, SAMPLES[theirs]().data)
    assert classify(source) is getattr(Kind, theirs.upper())


@pytest.mark.parametrize(("name", "data", "code", "detail"), [
    ("rusak.xlsx", b"bukan lembar kerja", "F204", "bukan format Excel yang utuh"),
    ("rusak.xls", b"bukan lembar kerja", "F204", "bukan format Excel yang utuh"),
    ("rusak.ods", b"bukan lembar kerja", "F204", "bukan format Excel yang utuh"),
    ("kosong.xlsx", _zip({"a.txt": b"x"}), "F204", "struktur .xlsx tidak lengkap"),
    ("makro.xlsm", b"apa saja", "F203", "ekstensi .xlsm"),
    ("biner.csv", bytes(range(256)) * 4, "F201", None),
    ("surat.pdf", b"%PDF-1.4\n", "F201", None),
])
def test_a_file_named_like_a_kind_but_not_one_is_refused(name: str, data: bytes, code: str,
                                                         detail: str | None) -> None:
    refused = classify(Source(name, data))
    assert isinstance(refused, Rejected)
    assert refused.problem.code == code
    if detail is not None:
        assert refused.problem.context["detail"] == detail


def test_a_zip_named_like_no_zipped_workbook_is_a_batch() -> None:
    data = _zip({"jawaban.csv": b"Nama,Nilai\nX,1\n"})
    assert classify(Source("kiriman.xls", data)) is Kind.ZIP
    assert classify(Source("kiriman.csv", data)) is Kind.ZIP


def test_a_new_format_is_one_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new module of questionnaires.formats gives: detection by content, a place
    among the suffixes offered, and its reader, without touching anything else."""

    def detect(probe: Probe) -> bool:
        return probe.data.startswith(b"{")

    def open_json(source: Source) -> formats.Sheets:
        from questionnaires.backends import TextTable, decode

        text, decoding = decode(source.data)
        return TextTable(source, [["json", text]], decoding)

    json_kind = Kind(key="json", label="JSON (.json)", suffixes=(".json",), order=45,
                     detect=detect, open=open_json)
    monkeypatch.setattr(formats, "_KINDS", (*kinds(), json_kind))
    source = Source("jawaban.json", b'{"Nama": "Dinas Contoh"}')
    assert classify(source) is Kind.JSON is json_kind
    assert ".json" in formats.upload_suffixes()
    [(found, kind)] = list(expand([source]))
    assert found is source
    assert kind.open is not None
    assert kind.open(source).rows("")[0][0] == "json"
