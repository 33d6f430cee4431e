"""The methodology library (monev.methodologies) on SQLite and PostgreSQL: saving a new
version, the same definition again as a no-op, another definition under an existing
version refused, loading by id and id@version, reading uploaded files, creating a cycle
from a saved version while running cycles keep theirs, and migration 0006."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic import command
from sqlalchemy import inspect, select

from monev import methodologies as lib
from monev.accounts import actor_for, add_user
from monev.cycles import create_cycle, cycle_methodology, get_cycle
from monev.errors import NotFound, UsageError
from monev.permissions import SYSTEM, Actor
from questionnaires.loader import parse_methodology, presets
from questionnaires.methodology_workbook import methodology_workbook_bytes
from questionnaires.model import Methodology
from storage.db import Database, alembic_config
from storage.models import Event, SavedMethodology
from tests.conftest import cheap_hashing, database_at

PASSWORD = "Pustaka-Metodologi-2026!"


def preset() -> Methodology:
    m = presets().get("nasional-2025")
    assert m is not None
    return m


def edited(version: str = "2026.1", *, saq_weights: tuple[int, int] = (30, 30),
           title: str | None = None) -> Methodology:
    """nasional-2025 as a KI would change it for next year: two indicator weights."""
    data = preset().model_dump(mode="json")
    data["version"] = version
    if title is not None:
        data["title"] = title
    weights = dict(zip(("jenis_informasi", "digitalisasi"), saq_weights, strict=True))
    for indicator in data["indicators"]:
        if indicator["code"] in weights:
            indicator["weight"] = str(weights[indicator["code"]])
    return parse_methodology(data, "suntingan.yaml")


@pytest.fixture
def admin(db: Database, monkeypatch: pytest.MonkeyPatch) -> Actor:
    cheap_hashing(monkeypatch)
    add_user(db, SYSTEM, username="kepala", password=PASSWORD, role="admin",
             display_name="Kepala Sekretariat")
    return actor_for(db, "kepala")


def rows(db: Database) -> list[tuple[str, str]]:
    with db.read() as session:
        return [tuple(row) for row in session.execute(
            select(SavedMethodology.methodology_id, SavedMethodology.version)
            .order_by(SavedMethodology.id))]


def test_save_a_new_version_then_list_and_load_it(db: Database, admin: Actor):
    m = edited()
    source = methodology_workbook_bytes(m)
    saved = lib.save_methodology(db, admin, m, source_name="nasional-2026.xlsx",
                                 source_data=source)
    assert saved.created
    entry = saved.entry
    assert (entry.ref, entry.id, entry.version, entry.preset) == (
        "nasional-2025@2026.1", "nasional-2025", "2026.1", False)
    assert (entry.saved_by, entry.source_name) == ("Kepala Sekretariat", "nasional-2026.xlsx")
    assert entry.source_sha256 == hashlib.sha256(source).hexdigest()
    assert entry.definition_sha256 == lib.definition_hash(m)
    assert entry.saved_at is not None

    listed = lib.list_methodologies(db, SYSTEM)
    shipped = [m.id for m in sorted(presets(), key=lambda m: (m.year, m.id))]
    assert [i.ref for i in listed] == [*shipped, "nasional-2025@2026.1"]
    assert [i.preset for i in listed] == [True] * len(shipped) + [False]
    assert lib.suggested_ref(listed) == "nasional-2025@2026.1"

    back = lib.load_methodology(db, SYSTEM, "nasional-2025@2026.1")
    assert lib.definition_hash(back) == lib.definition_hash(m)
    assert back.indicator_by_code["jenis_informasi"].weight == Decimal(30)
    # A bare id is the preset; its own version names it too.
    assert lib.load_methodology(db, SYSTEM, "nasional-2025") is preset()
    assert lib.load_methodology(db, SYSTEM, "nasional-2025@2025.1") is preset()
    with db.read() as session:
        [event] = session.scalars(select(Event).where(Event.action == "methodology.save"))
    assert (event.user_id, event.entity_id) == (admin.id, "nasional-2025@2026.1")
    assert event.new["source_name"] == "nasional-2026.xlsx"


def test_a_bare_id_of_a_saved_methodology_is_its_newest_version(db: Database, admin: Actor):
    own = edited("1").model_copy(update={"id": "ki-jateng-2026"})
    newer = edited("2", saq_weights=(25, 35)).model_copy(update={"id": "ki-jateng-2026"})
    lib.save_methodology(db, admin, own)
    lib.save_methodology(db, admin, newer)
    assert lib.load_methodology(db, SYSTEM, "ki-jateng-2026").version == "2"
    assert lib.load_methodology(db, SYSTEM, "ki-jateng-2026@1").version == "1"


def test_the_same_definition_again_is_a_no_op(db: Database, admin: Actor):
    first = lib.save_methodology(db, admin, edited())
    again = lib.save_methodology(db, admin, edited(), source_name="lagi.xlsx")
    assert (first.created, again.created) == (True, False)
    assert again.entry == first.entry  # still the first save's who, when and file
    # 30 written as 30.0 is the same weight.
    data = edited().model_dump(mode="json")
    for indicator in data["indicators"]:
        if indicator["code"] == "jenis_informasi":
            indicator["weight"] = "30.0"
    assert not lib.save_methodology(db, admin, parse_methodology(data, "x.yaml")).created
    # A preset as shipped is in the library already: nothing is stored.
    same = lib.save_methodology(db, admin, preset())
    assert (same.created, same.entry.ref, same.entry.preset) == (False, "nasional-2025", True)
    assert rows(db) == [("nasional-2025", "2026.1")]
    with db.read() as session:
        assert len(list(session.scalars(select(Event).where(
            Event.action == "methodology.save")))) == 1


def test_another_definition_under_an_existing_version_is_refused(db: Database, admin: Actor):
    lib.save_methodology(db, admin, edited())
    with pytest.raises(UsageError) as refused:
        lib.save_methodology(db, admin, edited(saq_weights=(35, 25)))
    message = refused.value.message
    assert "'nasional-2025' versi '2026.1' sudah ada di pustaka" in message
    assert "Kepala Sekretariat" in message
    assert "WIB" in message
    assert "'2026.2'" in message  # the version to use instead
    with pytest.raises(UsageError) as preset_refused:  # a preset's own version
        lib.save_methodology(db, admin, edited("2025.1"))
    assert "metodologi bawaan aplikasi" in preset_refused.value.message
    assert "'2025.2'" in preset_refused.value.message
    assert rows(db) == [("nasional-2025", "2026.1")]
    assert lib.definition_hash(lib.load_methodology(db, SYSTEM, "nasional-2025@2026.1")) == \
        lib.definition_hash(edited())


def test_unknown_refs_name_what_there_is(db: Database):
    with pytest.raises(NotFound) as missing:
        lib.load_methodology(db, SYSTEM, "nasional-2025@9")
    assert "'nasional-2025@9' tidak dikenal" in missing.value.message
    assert "klasik-2021, " in missing.value.message
    assert ", nasional-2025" in missing.value.message


def test_a_running_cycle_keeps_its_version_when_a_new_one_is_saved(db: Database, admin: Actor):
    running = create_cycle(db, admin, methodology_id="nasional-2025", ki="KI Uji", year=2025)
    lib.save_methodology(db, admin, edited())
    created = lib.create_cycle_from(db, admin, "nasional-2025@2026.1", ki="KI Uji", year=2026)
    assert (created.methodology_id, created.methodology_version, created.prepared) == (
        "nasional-2025", "2026.1", True)
    new = cycle_methodology(db, admin, created.id)
    assert new.indicator_by_code["jenis_informasi"].weight == Decimal(30)
    assert lib.definition_hash(new) == lib.definition_hash(edited())
    old = cycle_methodology(db, admin, running.id)
    assert get_cycle(db, admin, running.id).methodology_version == "2025.1"
    assert old.indicator_by_code["jenis_informasi"].weight == Decimal(40)
    assert lib.definition_hash(old) == lib.definition_hash(preset())


# -- uploaded files -------------------------------------------------------------------------------


def test_an_uploaded_workbook_or_yaml_is_read_and_validated():
    m = edited()
    from_workbook = lib.read_methodology_file("nasional-2026.xlsx", methodology_workbook_bytes(m))
    assert lib.definition_hash(from_workbook) == lib.definition_hash(m)
    text = yaml.safe_dump(m.model_dump(mode="json"), allow_unicode=True).encode()
    assert lib.definition_hash(lib.read_methodology_file("m.yaml", text)) == \
        lib.definition_hash(m)


def test_every_problem_of_an_uploaded_file_is_reported():
    data: dict[str, Any] = edited().model_dump(mode="json")
    data["stages"][0]["weight"] = "70"  # stages sum to 90
    data["questions"][0]["indicator"] = "tidak_ada"
    with pytest.raises(lib.InvalidMethodology) as refused:
        lib.read_methodology_file("salah.yaml", yaml.safe_dump(data).encode())
    codes = sorted(p.code for p in refused.value.problems)
    assert codes == ["M103", "M106"]
    assert refused.value.source == "salah.yaml"
    assert "2 masalah" in refused.value.message
    with pytest.raises(lib.InvalidMethodology) as broken:
        lib.read_methodology_file("rusak.yaml", b"id: [tidak ditutup\n")
    assert [p.code for p in broken.value.problems] == ["M101"]
    with pytest.raises(lib.InvalidMethodology) as not_a_workbook:
        lib.read_methodology_file("palsu.xlsx", b"bukan lembar kerja")
    assert not_a_workbook.value.problems


@pytest.mark.parametrize(("name", "data", "says"), [
    ("catatan.txt", b"x", "bukan berkas metodologi"),
    ("kosong.yaml", b"", "kosong"),
    ("besar.yaml", b"#" * (lib.MAX_FILE_BYTES + 1), "terlalu besar"),
])
def test_files_that_are_not_methodologies_are_refused(name: str, data: bytes, says: str):
    with pytest.raises(UsageError) as refused:
        lib.read_methodology_file(name, data)
    assert says in refused.value.message


def test_preview_shows_each_category_with_its_stages_weights_questions_and_bands():
    m = edited()
    view = lib.preview(m)
    assert (view.id, view.version, view.decimals) == ("nasional-2025", "2026.1", 2)
    assert [c.code for c in view.categories] == [c.code for c in m.categories]
    desa = next(c for c in view.categories if c.code == "desa")
    assert [q.code for q in desa.questions] == [q.code for q in m.questions_for("desa")]
    assert desa.points == sum(q.points for q in m.questions_for("desa"))
    assert [(s.code, s.weight, s.gate_stage, s.gate_min) for s in desa.stages] == [
        ("saq", Decimal(80), "", None), ("visitasi", Decimal(20), "saq", Decimal(60))]
    jenis = next(i for i in desa.indicators if i.code == "jenis_informasi")
    assert jenis.weight == Decimal(30)
    assert jenis.questions == sum(1 for q in m.questions_for("desa")
                                  if q.indicator == "jenis_informasi")
    assert [(b.label, b.lower, b.upper) for b in view.bands] == [
        ("Informatif", Decimal(90), None), ("Menuju Informatif", Decimal(80), Decimal(90)),
        ("Cukup Informatif", Decimal(60), Decimal(80)),
        ("Kurang Informatif", Decimal(40), Decimal(60)),
        ("Tidak Informatif", Decimal(0), Decimal(40))]


def test_changed_values_read_as_people_write_them():
    assert lib.value_text(Decimal("12.50")) == "12,5"
    assert lib.value_text(2026) == "2026"
    assert lib.value_text(None) == "-"
    assert lib.value_text(True) == "ya"
    assert lib.value_text({"stage": "saq", "min_score": Decimal(60)}) == \
        "saq ≥ 60; yang tidak lolos dinilai 0"
    assert lib.value_text({"stage": "saq", "name": "Visitasi", "weight": 20}) == "Visitasi"
    assert lib.value_text({"code": "1.4", "text": "Ada DIP?"}) == "Ada DIP?"
    assert lib.value_text(("a", "b")) == "a; b"


# -- migration 0006 -------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db_0005(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    url = (f"sqlite:///{tmp_path / 'lama.db'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    database = database_at(url, "0005")
    yield database
    database.dispose()


def test_migration_0006_adds_the_library_and_goes_back(db_0005: Database):
    assert "saved_methodologies" not in inspect(db_0005.engine).get_table_names()
    db_0005.migrate()
    assert "saved_methodologies" in inspect(db_0005.engine).get_table_names()
    assert lib.save_methodology(db_0005, SYSTEM, edited()).created
    command.downgrade(alembic_config(db_0005.engine), "0005")
    assert "saved_methodologies" not in inspect(db_0005.engine).get_table_names()


def test_a_new_gate_reads_in_the_report_cards_words():
    # KI Pusat 2025 with a second gate on visitasi: the top 3 of each category in SAQ.
    old = presets().get("ki-pusat-2025")
    data = old.model_dump(mode="json")
    data["version"] = "2026.1"
    data["stages"][1]["gates"].append({"stage": "saq", "top": 3, "below_gate_score": "0"})
    new = parse_methodology(data, "baru.yaml")
    lines = lib.change_lines(lib.compare(old, new), lib.stage_names(old, new))
    assert [(line.what, line.old, line.new) for line in lines] == [
        ("Versi diubah", "2025.1", "2026.1"),
        ("Tahapan 'visitasi': gerbang ditambahkan", "-",
         "3 teratas per kategori di SAQ; yang tidak lolos dinilai 0")]
    # The preview words each gate the same way.
    [saq, visitasi] = lib.stage_views(new)
    assert saq.gates == ()
    assert [g.rule for g in visitasi.gates] == ["SAQ > 60", "3 teratas per kategori di SAQ"]
