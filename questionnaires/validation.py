"""Cross-reference rules of a methodology that field types alone cannot express.

Every finding is a :class:`~questionnaires.errors.Problem` naming the path inside the
methodology file (``questions[12] (2.1.3).indicator``) and the offending value, so that
the KI staff member editing the YAML can go straight to it.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from questionnaires import answer_types
from questionnaires.errors import Location, Problem, problem
from questionnaires.model import (
    DOCUMENT_TYPES,
    Gate,
    GateBasis,
    GateComparison,
    Methodology,
    Question,
    StageKind,
    TieBreaker,
)

HUNDRED = Decimal(100)


def _at(source: str, path: str) -> Location:
    return Location(file=source, path=path)


def _item_path(kind: str, index: int, code: str, attr: str = "") -> str:
    base = f"{kind}[{index}] ({code})"
    return f"{base}.{attr}" if attr else base


def validate_methodology(m: Methodology, source: str = "") -> list[Problem]:
    """Every rule violation of `m`, in file order; an empty list means it is usable."""
    found: list[Problem] = []
    found += _duplicates(m, source)
    found += _stages(m, source)
    found += _indicators(m, source)
    found += _questions(m, source)
    found += _coverage(m, source)
    found += _monitoring(m, source)
    found += _bands(m, source)
    found += _tie_breakers(m, source)
    return found


def _duplicates(m: Methodology, source: str) -> list[Problem]:
    found = []
    groups = [
        ("categories", "kategori", [c.code for c in m.categories]),
        ("stages", "tahapan", [s.code for s in m.stages]),
        ("indicators", "indikator", [i.code for i in m.indicators]),
        ("questions", "pertanyaan", [q.code for q in m.questions]),
        ("bands", "predikat", [b.label for b in m.bands]),
    ]
    for kind, what, codes in groups:
        counts = Counter(codes)
        for index, code in enumerate(codes):
            if counts[code] > 1 and codes.index(code) != index:
                found.append(problem("M105", _at(source, f"{kind}[{index}]"), value=code,
                                     what=what))
    for qi, q in enumerate(m.questions):
        item_codes = Counter(i.code for i in q.items)
        for dup in sorted(c for c, n in item_codes.items() if n > 1):
            found.append(problem("M105", _at(source, _item_path("questions", qi, q.code, "items")),
                                 value=dup, what="butir checklist"))
        levels = Counter(lv.value for lv in q.scale)
        for dup in sorted(v for v, n in levels.items() if n > 1):
            found.append(problem("M105", _at(source, _item_path("questions", qi, q.code, "scale")),
                                 value=dup, what="tingkat skala"))
    return found


def _stages(m: Methodology, source: str) -> list[Problem]:
    found = []
    total = sum((s.weight for s in m.stages), Decimal(0))
    if total != HUNDRED:
        found.append(problem("M103", _at(source, "stages[*].weight"), total=total))
    if not m.questionnaire_stages:
        found.append(problem("M116", _at(source, "stages")))
    for index, stage in enumerate(m.stages):
        earlier = list(dict.fromkeys(s.code for s in m.stages[:index]))
        for n, gate in enumerate(stage.gates):
            at = _item_path("stages", index, stage.code, f"gates.{n}")
            if gate.stage not in earlier:
                found.append(problem("M109", _at(source, f"{at}.stage"), value=gate.stage,
                                     known=", ".join(earlier) or "(tidak ada)"))
            detail = _gate_detail(gate)
            if detail:
                found.append(problem("M118", _at(source, at), stage=stage.code, detail=detail))
    return found


def _gate_detail(gate: Gate) -> str:
    """What makes a gate neither a threshold nor a rank gate ("" when it is one)."""
    if gate.top is None:
        return "" if gate.min_score is not None else \
            "isi nilai minimum, atau jumlah teratas per kategori untuk gerbang peringkat"
    if gate.min_score is not None:
        return ("nilai minimum dan jumlah teratas diisi bersamaan; untuk dua syarat tulis "
                "dua gerbang")
    if gate.comparison is not GateComparison.AT_LEAST:
        return "gerbang peringkat (jumlah teratas) tidak memakai pembanding '>'"
    if gate.basis is not GateBasis.PUBLISHED:
        return ("gerbang peringkat selalu mengurutkan nilai yang diumumkan (dua desimal), "
                "bukan nilai tepat")
    return ""


def _indicators(m: Methodology, source: str) -> list[Problem]:
    found = []
    known = ", ".join(m.stage_by_code)
    for index, ind in enumerate(m.indicators):
        if ind.stage not in m.stage_by_code:
            found.append(problem("M107", _at(source, _item_path("indicators", index, ind.code,
                                                                "stage")),
                                 value=ind.stage, known=known))
    known_cat = ", ".join(m.category_by_code)
    for index, ind in enumerate(m.indicators):
        for cat in ind.weights:
            if cat not in m.category_by_code:
                found.append(problem("M119", _at(source, _item_path("indicators", index,
                                                                    ind.code, "weights")),
                                     indicator=ind.code, value=cat, known=known_cat))
    for stage in m.stages:
        if stage.kind is StageKind.MONITORING:  # scored from findings: no indicators (M122)
            continue
        inds = m.indicators_of(stage.code)
        total = sum((i.weight for i in inds), Decimal(0))
        if total != HUNDRED:
            found.append(problem("M104", _at(source, f"indicators[stage={stage.code}].weight"),
                                 stage=stage.code, total=total))
        # Categories with weights of their own in this stage: each sums to 100 as well.
        for cat in m.category_by_code:
            if not any(cat in i.weights for i in inds):
                continue
            total = sum((i.weight_for(cat) for i in inds), Decimal(0))
            if total != HUNDRED:
                found.append(problem(
                    "M120", _at(source, f"indicators[stage={stage.code}].weights"),
                    stage=stage.code, category=cat, total=total))
    return found


def _questions(m: Methodology, source: str) -> list[Problem]:
    found = []
    known_ind = ", ".join(dict.fromkeys(  # a code written twice is named once
        i.code for i in m.indicators if m.stage_by_code.get(i.stage)
        and m.stage_by_code[i.stage].kind is StageKind.QUESTIONNAIRE))
    known_cat = ", ".join(m.category_by_code)
    for index, q in enumerate(m.questions):
        ind = m.indicator_by_code.get(q.indicator)
        if ind is None:
            found.append(problem("M106", _at(source, _item_path("questions", index, q.code,
                                                                "indicator")),
                                 value=q.indicator, known=known_ind))
        elif (stage := m.stage_by_code.get(ind.stage)) and stage.kind is StageKind.PANEL:
            found.append(problem("M113", _at(source, _item_path("questions", index, q.code,
                                                                "indicator")),
                                 indicator=q.indicator))
        for cat in q.categories:
            if cat not in m.category_by_code:
                found.append(problem("M111", _at(source, _item_path("questions", index, q.code,
                                                                    "categories")),
                                     value=cat, known=known_cat))
        detail = answer_types.get(q.type).definition_problem(q)
        if detail:
            found.append(problem("M110", _at(source, _item_path("questions", index, q.code,
                                                                "type")),
                                 type=str(q.type), detail=detail))
        # Fields of another answer type (thresholds on a yes_no question …), each at itself.
        for field, users in answer_types.foreign_fields(q):
            found.append(problem("M110", _at(source, _item_path("questions", index, q.code,
                                                                field)),
                                 type=str(q.type),
                                 detail=f"'{field}' hanya untuk pertanyaan {users}"))
        found += _signals(q, index, source)
    return found


def _signals(q: Question, index: int, source: str) -> list[Problem]:
    """A question's website signals (M121): something to look for, known document kinds,
    no pattern that matches every address."""
    if q.signals is None:
        return []
    found = []
    known = ", ".join(DOCUMENT_TYPES)

    def add(attr: str, detail: str) -> None:
        found.append(problem("M121", _at(source, _item_path("questions", index, q.code,
                                                            f"signals.{attr}")),
                             detail=detail, known=known))

    if q.signals.empty:
        add("link_texts", "tidak ada teks tautan, kata judul atau pola alamat yang dicari")
    for kind in q.signals.document_types:
        if kind not in DOCUMENT_TYPES:
            add("document_types", f"jenis dokumen '{kind}' tidak dikenal")
    for pattern in q.signals.url_patterns:
        if not pattern.replace("*", "").strip("/ "):
            add("url_patterns", f"pola alamat '{pattern}' cocok dengan semua alamat")
    for text in (*q.signals.link_texts, *q.signals.title_words):
        if len(text) < 3:
            add("link_texts" if text in q.signals.link_texts else "title_words",
                f"'{text}' terlalu pendek (kurang dari 3 huruf) dan cocok dengan terlalu "
                f"banyak tautan")
    return found


def _coverage(m: Methodology, source: str) -> list[Problem]:
    """Each questionnaire indicator needs at least one question in every category."""
    found = []
    for stage in m.questionnaire_stages:
        for ind in m.indicators_of(stage.code):
            for cat in m.categories:
                if ind.weight_for(cat.code) == 0:
                    continue
                if not any(q.indicator == ind.code and q.applies_to(cat.code)
                           for q in m.questions):
                    found.append(problem("M112", _at(source, f"indicators ({ind.code})"),
                                         indicator=ind.code, category=cat.code))
    return found


def _monitoring(m: Methodology, source: str) -> list[Problem]:
    """A monitoring stage has items for every category and no indicators (M122); only a
    monitoring stage lists questions (M123)."""
    found = []
    for index, stage in enumerate(m.stages):
        at = _item_path("stages", index, stage.code, "questions")
        if stage.kind is not StageKind.MONITORING:
            if stage.questions:
                found.append(problem("M123", _at(source, at), stage=stage.code,
                                     kind=stage.kind.value))
            continue

        def add(detail: str, path: str = at, stage: str = stage.code) -> None:
            found.append(problem("M122", _at(source, path), stage=stage, detail=detail))

        for code in stage.questions:
            q = m.question_by_code.get(code)
            if q is None:
                add(f"pertanyaan '{code}' tidak ada")
            elif q.signals is None:
                add(f"pertanyaan '{code}' tidak punya sinyal pemantauan situs")
        if not any(m.monitoring_items(stage, cat.code) for cat in m.categories):
            if not stage.questions:
                add("tidak ada pertanyaan yang punya sinyal pemantauan situs")
        else:
            for cat in m.categories:
                if not m.monitoring_items(stage, cat.code):
                    add(f"kategori '{cat.code}' tidak punya pertanyaan bersinyal yang "
                        f"dipantau")
        for i, ind in enumerate(m.indicators):
            if ind.stage == stage.code:
                add(f"indikator '{ind.code}' merujuk tahapan ini, padahal tahapan pemantauan "
                    f"situs tidak memakai indikator",
                    _item_path("indicators", i, ind.code, "stage"))
    return found


def _bands(m: Methodology, source: str) -> list[Problem]:
    lowers = [b.lower for b in m.bands]
    details = []
    if Decimal(0) not in lowers:
        details.append(f"tidak ada predikat dengan batas bawah 0 (terendah {min(lowers)})")
    dup = sorted({v for v in lowers if lowers.count(v) > 1})
    if dup:
        details.append("batas bawah sama: " + ", ".join(str(v) for v in dup))
    step = Decimal(1).scaleb(-m.rounding.decimals)  # 0.01 for two decimals
    ceiling = HUNDRED
    for band in m.bands:  # high to low
        if band.upper is not None:
            expected = ceiling if ceiling == HUNDRED else ceiling - step
            if band.upper < expected:
                details.append(f"'{band.label}' berakhir di {band.upper}, nilai sampai "
                               f"{expected} tidak masuk predikat mana pun (celah)")
            elif band.upper > expected:
                details.append(f"'{band.label}' berakhir di {band.upper}, tumpang tindih "
                               f"dengan predikat di atasnya (mulai {ceiling})")
            if band.upper < band.lower:
                details.append(f"'{band.label}': batas atas {band.upper} di bawah batas bawah")
        ceiling = band.lower
    return [problem("M108", _at(source, "bands"), detail="; ".join(details))] if details else []


def _tie_breakers(m: Methodology, source: str) -> list[Problem]:
    if TieBreaker.PANEL in m.tie_breakers and not m.panel_stages:
        return [problem("M115", _at(source, "tie_breakers"), value=TieBreaker.PANEL.value)]
    return []
