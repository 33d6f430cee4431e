"""Every text key the app uses exists in the one catalog (``ui/text.py``)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from questionnaires import answer_types
from questionnaires.model import (
    EvidencePolicy,
    MissingStagePolicy,
    StageKind,
    TieBreaker,
)
from ui.text import TEXT, t

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for p in [ROOT / "app.py", *(ROOT / "ui").rglob("*.py")]
                 if p != ROOT / "ui" / "text.py")
# t("key"), t('key'), t(f"prefix.{...}") — the first argument of every call of t().
CALL = re.compile(r"""\bt\(\s*(f?)(["'])([^"'\n]+)\2""")
# Keys kept in data and passed to t() later, e.g. app.py's ("ui/pages/admin.py",
# "nav.admin", …): any string literal shaped like a key of a catalog section.
SECTIONS = sorted({key.split(".", 1)[0] for key in TEXT})
LITERAL = re.compile(r"""(?<![\w.])(["'])((?:""" + "|".join(SECTIONS)
                     + r""")(?:\.[a-z0-9_]+)+)\1""")
FILE_TYPES = {"py", "xlsx", "csv", "zip", "pdf", "json", "yaml", "db"}


def uses() -> list[tuple[str, str, bool]]:
    """(file, key, is_f_string) for every t(...) call with a literal first argument."""
    found = []
    for path in SOURCES:
        for match in CALL.finditer(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(ROOT)), match.group(3), bool(match.group(1))))
    return found


def test_the_scan_finds_the_calls():
    keys = {key for _, key, _ in uses()}
    assert {"auth.heading", "admin.title"} <= keys
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert {"nav.admin", "nav.section.work"} <= {m.group(2) for m in LITERAL.finditer(app)}


def test_every_literal_key_exists():
    missing = sorted(f"{file}: {key}" for file, key, dynamic in uses()
                     if not (dynamic and "{" in key) and key not in TEXT)
    assert not missing, "keys missing from ui/text.py:\n" + "\n".join(missing)


def test_every_key_kept_in_data_exists():
    missing = []
    for path in SOURCES:
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            key = match.group(2)
            if key.rsplit(".", 1)[-1] not in FILE_TYPES and key not in TEXT:
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert not missing, "keys missing from ui/text.py:\n" + "\n".join(sorted(missing))


def test_every_dynamic_key_has_entries():
    """t(f"admin.method.kind.{...}"): some key with that prefix must exist."""
    missing = []
    for file, key, dynamic in uses():
        if dynamic and "{" in key:
            prefix = key.split("{", 1)[0]
            if not any(k.startswith(prefix) for k in TEXT):
                missing.append(f"{file}: {key}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize(("prefix", "values"), [
    ("admin.method.kind.", StageKind),
    ("admin.method.missing.", MissingStagePolicy),
    ("admin.method.evidence.", EvidencePolicy),
    ("admin.method.tie.", TieBreaker),
])
def test_admin_texts_for_every_enum_value(prefix: str, values: type):
    assert {f"{prefix}{v.value}" for v in values} <= set(TEXT)


def test_every_answer_type_names_itself():
    """The methodology viewer shows an answer type by its module's label (not a catalog
    key): every registered type has one."""
    assert all(spec.label.strip() for spec in answer_types.all())


def test_texts_are_valid_format_strings():
    for key, text in TEXT.items():
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
        assert all(f.isidentifier() for f in fields if f), key


def test_missing_key_shows_itself():
    assert t("tidak.ada") == "⟦tidak.ada⟧"
    assert t("auth.page_for", roles="Pejabat") == "Halaman ini untuk peran: Pejabat."
