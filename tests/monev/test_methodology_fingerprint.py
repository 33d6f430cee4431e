"""A methodology's fingerprint (monev.methodologies.definition_hash) does not move when the
model grows: fields holding their default are left out of it, so a version saved before a
field was added is still "the same definition" when saved again (a no-op, not a conflict),
and the methodology workbook round trip keeps the fingerprint the library lists."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monev import methodologies as lib
from monev.accounts import actor_for, add_user
from monev.errors import UsageError
from monev.permissions import SYSTEM, Actor
from questionnaires.loader import parse_methodology, presets
from questionnaires.methodology_workbook import (
    methodology_workbook_bytes,
    read_methodology_workbook,
)
from questionnaires.model import Methodology
from storage.db import Database
from storage.models import SavedMethodology
from tests.conftest import cheap_hashing

FIXTURE = Path(__file__).parent.parent / "fixtures" / "library" / "mini_saved_before_gates.json"


def stored_before() -> dict[str, Any]:
    """The saved_methodologies row of tests/fixtures/mini.yaml as stored before the model had
    gates and per-category weights (see the fixture's note)."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def admin(db: Database, monkeypatch: pytest.MonkeyPatch) -> Actor:
    cheap_hashing(monkeypatch)
    add_user(db, SYSTEM, username="kepala", password="Sidik-Jari-Metodologi-2026!",
             role="admin", display_name="Kepala Sekretariat")
    return actor_for(db, "kepala")


def store_old_row(db: Database) -> dict[str, Any]:
    old = stored_before()
    with db.transaction() as session:
        definition = old["definition"]
        session.add(SavedMethodology(
            methodology_id=old["methodology_id"], version=old["version"],
            title=definition["title"], ki=definition["ki"], year=definition["year"],
            definition=definition, definition_sha256=old["definition_sha256"],
            source_name="mini.yaml", source_sha256=""))
    return old


def test_the_old_definition_has_none_of_the_newer_fields():
    definition = stored_before()["definition"]
    panel = definition["stages"][1]
    assert "gates" not in panel
    assert panel["gate"]["min_score"] == "60"
    assert all("weights" not in i for i in definition["indicators"])


def test_a_version_saved_before_new_fields_saved_again_is_a_no_op(db: Database, admin: Actor):
    old = store_old_row(db)
    # The admin uploads the same definition again (the file read with today's model: it
    # now has gates, comparison, basis and per-category weights, all at their defaults).
    again = parse_methodology(old["definition"], "mini.yaml")
    assert again.stage_by_code["panel"].gates[0].min_score == Decimal(60)
    saved = lib.save_methodology(db, admin, again, source_name="mini.yaml",
                                 source_data=b"sama")
    assert not saved.created
    assert saved.entry.ref == "mini@1"
    # The library lists the fingerprint today's rule gives the stored definition.
    assert saved.entry.definition_sha256 == lib.definition_hash(again)
    [listed] = [i for i in lib.list_methodologies(db, SYSTEM) if i.ref == "mini@1"]
    assert listed.definition_sha256 == lib.definition_hash(again)
    with db.read() as session:
        assert session.scalar(select(SavedMethodology.definition_sha256)) == \
            old["definition_sha256"]  # the stored row is never changed


def test_the_old_version_downloaded_as_a_workbook_and_uploaded_back_is_the_same(
        db: Database, admin: Actor):
    store_old_row(db)
    name, data = lib.workbook_download(db, admin, "mini@1")
    back = lib.read_methodology_file(name, data)
    [listed] = [i for i in lib.list_methodologies(db, SYSTEM) if i.ref == "mini@1"]
    assert lib.definition_hash(back) == listed.definition_sha256
    assert not lib.save_methodology(db, admin, back, source_name=name,
                                    source_data=data).created


def test_another_definition_under_the_old_version_is_still_refused(db: Database,
                                                                     admin: Actor):
    old = store_old_row(db)
    changed = dict(old["definition"])
    changed["title"] = "Mini yang lain"
    with pytest.raises(UsageError, match=r"versi '1' sudah ada di pustaka .* isi yang berbeda"):
        lib.save_methodology(db, admin, parse_methodology(changed, "lain.yaml"))


class Later(Methodology):
    """The model once another field with a default is added (as ``evidence_max_bytes``
    was): a methodology that does not set it keeps its fingerprint."""

    link_timeout_seconds: int = 20


@pytest.mark.parametrize("methodology", list(presets()), ids=lambda m: m.id)
def test_a_field_added_with_a_default_changes_no_fingerprint(methodology: Methodology):
    later = Later.model_validate(methodology.model_dump())
    assert lib.definition_hash(later) == lib.definition_hash(methodology)
    # Setting it to something else is a different definition.
    other = Later.model_validate({**methodology.model_dump(), "link_timeout_seconds": 5})
    assert lib.definition_hash(other) != lib.definition_hash(methodology)


def test_evidence_max_bytes_at_its_default_is_left_out():
    m = parse_methodology(stored_before()["definition"], "mini.yaml")
    assert m.evidence_max_bytes == 2_000_000  # the field added after the row was stored
    assert "evidence_max_bytes" not in lib.canonical(m)
    smaller = m.model_copy(update={"evidence_max_bytes": 1_000_000})
    assert "evidence_max_bytes" in lib.canonical(smaller)
    assert lib.definition_hash(smaller) != lib.definition_hash(m)


def test_a_default_written_out_is_the_same_definition():
    data = stored_before()["definition"]
    panel = data["stages"][1]
    spelled = dict(data, stages=[data["stages"][0], {**{k: v for k, v in panel.items()
                                                         if k != "gate"},
                                                      "gates": [{**panel["gate"],
                                                                 "comparison": "≥",
                                                                 "basis": "published"}]}])
    assert lib.definition_hash(parse_methodology(spelled, "a.yaml")) == \
        lib.definition_hash(parse_methodology(data, "b.yaml"))
    assert "comparison" not in lib.canonical(parse_methodology(spelled, "a.yaml"))


@pytest.mark.parametrize("methodology", list(presets()), ids=lambda m: m.id)
def test_every_preset_keeps_its_fingerprint_through_the_workbook(methodology: Methodology):
    back = read_methodology_workbook(methodology_workbook_bytes(methodology), name="m.xlsx")
    assert lib.definition_hash(back) == lib.definition_hash(methodology)
