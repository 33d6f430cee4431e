"""Batches in the worker pool: small files travel a few per call, and that changes nothing
a person sees. A call that fails (memory cap, time limit) is read again file by file, so
only the file at fault is refused; the registry reaches every worker, also when the file
it is shared through cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlwt

from benchmarks.pipeline import generate
from questionnaires import batch, isolation
from questionnaires.batch import BatchReader, FileStatus
from questionnaires.loader import presets
from questionnaires.sources import read_paths


@pytest.fixture
def fresh_pool():
    isolation.shutdown()
    yield
    isolation.shutdown()


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    methodology = presets().get("nasional-2025")
    assert methodology is not None
    return generate(methodology, 11, tmp_path_factory.mktemp("batch"))


def _bomb(folder: Path) -> Path:
    """5 KB of .xls whose one far cell makes the reader build about 1 GB."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Kuesioner")
    sheet.write(0, 0, "Kode")
    sheet.write(65535, 255, "z")
    path = folder / "kecil-tapi-rakus.xls"
    book.save(str(path))
    return path


def _summary(result: batch.BatchResult) -> list[tuple[str, str, list, list[str]]]:
    return [(f.name, f.status, [s.model_dump() for s in f.submissions],
             [p.message for p in f.problems]) for f in result.files]


def _read(paths: list[Path], *, isolated: bool = True) -> batch.BatchResult:
    return BatchReader(presets(), isolated=isolated).read(list(read_paths(paths)))


def test_small_files_read_together_read_as_each_alone(workbooks, fresh_pool):
    assert len(list(batch._calls((s, None) for s in read_paths(workbooks)))) < len(workbooks)
    assert _summary(_read(workbooks)) == _summary(_read(workbooks, isolated=False))


def test_a_hungry_file_among_small_ones_is_the_only_one_refused(
        workbooks, tmp_path, fresh_pool, monkeypatch):
    monkeypatch.setattr(isolation, "MEMORY_LIMIT_MB", 400)
    paths = [*workbooks[:4], _bomb(tmp_path), *workbooks[4:]]
    alone: list[str] = []
    read_alone = BatchReader.read_files_alone

    def spy(self, key, path, blob, files):
        alone.extend(source.name for source, _ in files)
        return read_alone(self, key, path, blob, files)

    monkeypatch.setattr(BatchReader, "read_files_alone", spy)
    result = _read(paths)
    assert "kecil-tapi-rakus.xls" in alone  # its call failed, and it was read again alone
    assert [f.name for f in result.files] == [p.name for p in paths]
    refused = [f for f in result.files if f.status is FileStatus.REJECTED]
    assert [f.name for f in refused] == ["kecil-tapi-rakus.xls"]
    assert [p.code for p in refused[0].problems] == ["F216"]
    assert len(result.submissions) == len(workbooks)


def test_a_call_over_its_time_limit_is_read_again_file_by_file(workbooks, fresh_pool,
                                                               monkeypatch):
    monkeypatch.setattr(batch, "CALL_TIME_LIMIT_S", 0.0001)  # every call of several files
    result = _read(workbooks)
    assert all(f.status is FileStatus.ACCEPTED for f in result.files)
    assert _summary(result) == _summary(_read(workbooks, isolated=False))


def test_workers_that_cannot_read_the_shared_registry_are_sent_it(
        workbooks, tmp_path, fresh_pool, monkeypatch):
    wrong = tmp_path / "registry"
    wrong.write_bytes(b"not the registry")
    share = isolation.share
    monkeypatch.setattr(isolation, "share", lambda blob: (share(blob)[0], str(wrong)))
    result = _read(workbooks[:3])
    assert all(f.status is FileStatus.ACCEPTED for f in result.files)


def test_shared_data_is_read_only_when_its_hash_matches(tmp_path):
    key, path = isolation.share(b"registry bytes")
    assert path is not None
    assert isolation.shared(key, path) == b"registry bytes"
    assert isolation.shared("0" * 64, path) is None
    assert isolation.shared(key, str(tmp_path / "gone")) is None
    assert isolation.shared(key, None) is None
