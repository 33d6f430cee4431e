"""``number``: a count or a ratio; thresholds in the question map it to a share of the points.

The methodology says, per question (:class:`~questionnaires.model.Question`): the
``thresholds`` (:class:`~questionnaires.model.Threshold`: from which value on, ≥ or >, which
fraction of the points), the ``unit`` shown after the number (``%``, ``hari``), the valid
range ``min_value`` … ``max_value`` (both inclusive, each optional) and the ``decimals`` an
answer may have (default 2; 0 for a count). For example, the share of requests answered
within the legal time::

    type: number
    unit: "%"
    min_value: 0
    max_value: 100
    decimals: 1
    thresholds:
      - {lower: 90, fraction: 1}      # ≥ 90 %   → all points
      - {lower: 75, fraction: 0.5}    # ≥ 75 %   → half; below 75 % nothing

Typed the Indonesian way (:func:`reports.formatting.parse_decimal`: ``85,5``, ``1.234,5``;
``85.5`` reads as 85,5), with or without the unit (``85,5 %``); a cell that Excel stores as
a number is taken as it is. The value is a :class:`~decimal.Decimal` in its shortest form
(``85.50`` → ``85.5``, ``100.0`` → ``100``), stored in JSON as ``{"decimal": "85.5"}``
(plain JSON numbers would lose the exact value; a plain string would read as text).
Out of range, more decimals than allowed, or not a number: refused, naming the range.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from random import Random
from typing import TYPE_CHECKING, Any

from questionnaires import layout
from questionnaires.answer_types.base import (
    AnswerTypeSpec,
    CellCheck,
    Dropdown,
    Scorer,
    Widget,
    typed_cell,
)
from questionnaires.text import clean
from reports.formatting import NumberTextError, exact, parse_decimal

if TYPE_CHECKING:
    from questionnaires.model import Question, Threshold

ZERO = Decimal(0)
ONE = Decimal(1)
DEFAULT_DECIMALS = 2
JSON_KEY = "decimal"  # a Decimal in a JSON column: {"decimal": "85.5"}


def decimal_to_json(value: Any) -> Any:
    """A Decimal answer as stored in a JSON column (``{"decimal": "85.5"}``, exact); any
    other value as it is."""
    return {JSON_KEY: str(value)} if isinstance(value, Decimal) else value


def decimal_from_json(stored: Any) -> Any:
    """The inverse of :func:`decimal_to_json`."""
    if isinstance(stored, dict) and isinstance(stored.get(JSON_KEY), str):
        return Decimal(stored[JSON_KEY])
    return stored

# Reasons a verifikator gives when lowering a number (demo).
LOWER_REASONS = ("Rekap pada data dukung menunjukkan angka yang lebih kecil.",
                 "Sebagian permohonan dalam rekap dijawab melewati batas waktu.")


def canonical(value: Decimal) -> Decimal:
    """`value` in its shortest exact form: ``85.50`` → ``85.5``, ``1E+2`` → ``100``,
    ``-0`` → ``0`` (equal numbers read from different cells are the same value)."""
    if value == 0:
        return ZERO
    value = value.normalize()
    return value.quantize(ONE) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def places(value: Decimal) -> int:
    """Decimal places of a canonical value: ``85.5`` → 1, ``100`` → 0."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def decimals_of(question: Question) -> int:
    """The decimals an answer of `question` may have (the methodology's, else 2)."""
    return DEFAULT_DECIMALS if question.decimals is None else question.decimals


def as_decimal(raw: object) -> Decimal | None:
    """A number given as data (not text) as a Decimal; None for anything else (a bool, a
    NaN or infinity). A float is read by its shortest text (``0.1`` → ``0.1``)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, Decimal):
        found = raw
    elif isinstance(raw, int):
        found = Decimal(raw)
    elif isinstance(raw, float):
        found = Decimal(repr(raw))
    else:
        return None
    return canonical(found) if found.is_finite() else None


def with_unit(question: Question, text: str) -> str:
    """``85,5`` → ``85,5%`` or ``12 hari``: a number as shown with the question's unit."""
    unit = question.unit.strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def steps(question: Question) -> list[Threshold]:
    """The thresholds, highest first (at an equal `lower`, the exclusive one first)."""
    return sorted(question.thresholds, key=lambda t: (t.lower, not t.inclusive), reverse=True)


def reached(question: Question, value: Decimal) -> Threshold | None:
    """The highest threshold `value` reaches, or None."""
    for step in steps(question):
        if value > step.lower or (step.inclusive and value == step.lower):
            return step
    return None


def _bound(step: Threshold) -> str:
    return f"{'≥' if step.inclusive else '>'} {exact(step.lower)}"


def span_text(question: Question, step: Threshold) -> str:
    """The values that earn `step` (up to the next higher threshold): ``≥ 90%``,
    ``≥ 0 hari dan ≤ 10 hari``."""
    ordered = steps(question)
    index = ordered.index(step)
    text = _bound(step)
    if index > 0:
        above = ordered[index - 1]
        text += f" dan {'<' if above.inclusive else '≤'} {exact(above.lower)}"
    return with_unit(question, text)


def _covers_all(question: Question) -> bool:
    """Whether every valid value reaches a threshold (no "else 0" to say)."""
    low = min(question.thresholds, key=lambda t: (t.lower, not t.inclusive), default=None)
    return (low is not None and question.min_value is not None
            and (question.min_value > low.lower
                 or (low.inclusive and question.min_value == low.lower)))


def rule_text(question: Question) -> str:
    """The thresholds as points, the best first: ``≥ 90% → 4 poin; ≥ 75% → 2 poin; lainnya
    0 poin``; where less is better, from the lowest: ``≥ 0 hari → 2 poin; > 10 hari → 1
    poin; > 17 hari → 0 poin``."""
    ordered = steps(question)
    if ordered and ordered[0].fraction < ordered[-1].fraction:
        ordered.reverse()
    parts = [f"{with_unit(question, _bound(step))} → {exact(question.points * step.fraction)} "
             "poin" for step in ordered]
    if not _covers_all(question):
        parts.append("lainnya 0 poin")
    return "; ".join(parts)


def range_text(question: Question) -> str:
    """``0 sampai 100``, ``paling sedikit 0``, ``paling banyak 100`` or ``""``."""
    low, high = question.min_value, question.max_value
    if low is not None and high is not None:
        return f"{exact(low)} sampai {exact(high)}"
    if low is not None:
        return f"paling sedikit {exact(low)}"
    if high is not None:
        return f"paling banyak {exact(high)}"
    return ""


def example(question: Question) -> Decimal:
    """A valid answer to show in help texts (85,5 or 12 when in range)."""
    decimals = decimals_of(question)
    value = Decimal("85.5") if decimals else Decimal(12)
    low, high = question.min_value, question.max_value
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            value = (low + high) / 2
        else:
            value = low if low is not None else high  # type: ignore[assignment]
        value = value.quantize(ONE.scaleb(-min(decimals, 1)))
        if low is not None and value < low:
            value = low
    return canonical(value)


class Number(AnswerTypeSpec):
    """Angka: a count or a ratio, scored by the question's thresholds."""

    name = "number"
    label = "Angka"
    fields = frozenset({"thresholds", "unit", "min_value", "max_value", "decimals"})

    def definition_problem(self, question: Question) -> str:
        if question.scale or question.items:
            return "pertanyaan Angka tidak boleh punya 'scale' atau 'items'"
        if not question.thresholds:
            return ("pertanyaan Angka perlu ambang 'thresholds' (dari angka berapa mendapat "
                    "berapa bagian poin)")
        seen = set()
        for step in question.thresholds:
            key = (step.lower, step.inclusive)
            if key in seen:
                return f"ambang {_bound(step)} ditulis lebih dari sekali"
            seen.add(key)
        low, high = question.min_value, question.max_value
        if low is not None and high is not None and low > high:
            return f"min_value {exact(low)} lebih besar dari max_value {exact(high)}"
        for bound, name in ((low, "min_value"), (high, "max_value")):
            if bound is not None and places(canonical(bound)) > decimals_of(question):
                return (f"{name} {exact(bound)} punya lebih banyak desimal dari 'decimals' "
                        f"({decimals_of(question)})")
        if high is not None:
            for step in question.thresholds:
                if step.lower > high or (step.lower == high and not step.inclusive):
                    return (f"ambang {_bound(step)} tidak dapat dicapai (max_value "
                            f"{exact(high)})")
        top = max(step.fraction for step in question.thresholds)
        if top != 1:
            return f"fraksi tertinggi ambang {exact(top)}, seharusnya 1"
        return ""

    # -- typed answers ---------------------------------------------------------------------

    def allowed(self, question: Question) -> str:
        decimals = decimals_of(question)
        text = "bilangan bulat" if decimals == 0 else "angka"
        if span := range_text(question):
            text += f" {span}"
        if question.unit.strip():
            text += f" ({question.unit.strip()})"
        if decimals:
            text += f", paling banyak {decimals} angka di belakang koma"
        return f"{text}, mis. {exact(example(question))}"

    def parse(self, question: Question, raw: object) -> Decimal:
        """A number typed (``85,5``, ``1.234,5``, ``85,5 %``) or stored as a number."""
        if isinstance(raw, str):
            text = clean(raw)
            unit = question.unit.strip()
            for suffix in {unit, "%"} if unit == "%" else {unit}:
                if suffix and text.lower().endswith(suffix.lower()):
                    text = text[:-len(suffix)].strip()
                    break
            try:
                value: Decimal | None = canonical(parse_decimal(text))
            except (NumberTextError, InvalidOperation):
                value = None
        else:
            value = as_decimal(raw)
        if value is None or not self.fits(question, value):
            raise self.invalid(question, raw)
        return value

    def coerce(self, question: Question, value: object) -> Decimal:
        found = as_decimal(value)
        if found is None or not self.fits(question, found):
            raise self.invalid(question, value)
        return found

    @staticmethod
    def fits(question: Question, value: Decimal) -> bool:
        """Within the question's range, with no more decimals than it allows."""
        low, high = question.min_value, question.max_value
        return ((low is None or value >= low) and (high is None or value <= high)
                and places(value) <= decimals_of(question))

    # -- the template ----------------------------------------------------------------------

    def dropdown(self, question: Question) -> Dropdown | None:
        return None  # typed freely (see cell_check)

    def choices_text(self, question: Question) -> str:
        return f"{self.allowed_text(question)}\nPoin: {rule_text(question)}"

    def cell_check(self, question: Question) -> CellCheck:
        prompt = (f"Ketik {self.allowed(question)}, tanpa satuan. Poin: "
                  f"{rule_text(question)}.")
        title = "Jawaban angka"
        if question.unit.strip() == "%":
            # Excel stores "90%" typed in a general cell as 0,9: a text cell keeps it as typed
            # (the reader reads 90%, 85,5 and 85.5); no number check on a text cell.
            return CellCheck("any", title, prompt, as_text=True)
        if question.allow_na:  # the nihil text must pass: help only
            return CellCheck("any", title, prompt)
        whole = decimals_of(question) == 0
        span = range_text(question)
        error = (f"Isi {'bilangan bulat' if whole else 'angka'}{' ' + span if span else ''}"
                 f"{' (' + question.unit.strip() + ')' if question.unit.strip() else ''}. "
                 "Pemisah desimal mengikuti pengaturan Excel Anda (koma pada Excel berbahasa "
                 "Indonesia).")
        return CellCheck("whole" if whole else "decimal", title, prompt, error,
                         question.min_value, question.max_value)

    def guide(self, questions: Sequence[Question]) -> str:
        return (f"Pertanyaan angka: ketik angkanya di kolom {layout.COL_ANSWER}, tanpa satuan, "
                "dengan koma sebagai pemisah desimal (mis. 85,5). Batas angka yang sah dan "
                f"berapa poin yang diperoleh tertulis di kolom {layout.COL_CHOICES}.")

    def cells(self, question: Question, value: object) -> list[tuple[str, object]]:
        if isinstance(value, bool):
            raise ValueError(f"Jawaban angka {question.code!r} tidak boleh bool: {value!r}")
        return [("", typed_cell(value, question.code))]

    # -- points ----------------------------------------------------------------------------

    def scorer(self, question: Question) -> Scorer:
        points = question.points
        table = [(step.lower, step.inclusive, points * step.fraction) for step in steps(question)]
        fits = self.fits

        def earned(value: object) -> Decimal | None:
            if value.__class__ is int:
                value = Decimal(value)  # type: ignore[arg-type]
            elif value.__class__ is not Decimal:
                return None  # a bool, a float, text, another type's value
            if not value.is_finite() or not fits(question, value):  # type: ignore[union-attr]
                return None
            for lower, inclusive, share in table:
                if value > lower or (inclusive and value == lower):  # type: ignore[operator]
                    return share
            return ZERO
        return earned

    def explain(self, question: Question, value: Any, earned: Decimal, changed: bool) -> str:
        if not isinstance(value, Decimal | int) or isinstance(value, bool):
            return ""
        shown = with_unit(question, exact(value))
        step = reached(question, Decimal(value))
        rule = (f"mencapai ambang {with_unit(question, _bound(step))}" if step is not None
                else "di bawah ambang terendah "
                     f"{with_unit(question, _bound(steps(question)[-1]))}")
        head = f"Angka terverifikasi {shown}" if changed else f"Angka {shown}"
        return f"{head} {rule} → {exact(earned)} dari {exact(question.points)} poin"

    def advice(self, question: Question, value: Any, earned: Decimal) -> str:
        ordered = steps(question)
        best = max(ordered, key=lambda step: step.fraction, default=None)
        if best is None or question.points * best.fraction <= earned:
            return ""
        return (f"Poin penuh untuk angka {span_text(question, best)}; perbaiki layanan "
                "hingga angkanya di rentang itu dan sediakan rekap sebagai data dukung.")

    # -- showing and storing ---------------------------------------------------------------

    def display(self, question: Question, value: Any) -> str:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return with_unit(question, exact(value))
        return str(value)

    def to_json(self, value: Any) -> Any:
        return decimal_to_json(value)

    def from_json(self, stored: Any) -> Any:
        return decimal_from_json(stored)

    # -- the evaluator ---------------------------------------------------------------------

    def widget(self, questions: Sequence[Question]) -> Widget:
        what = (f"Ketik {self.allowed(questions[0])}." if len(questions) == 1
                else "Ketik angkanya dengan koma desimal, mis. 85,5.")
        return Widget("text", (), "**Pertanyaan angka** — ketik angka yang terbukti menurut "
                      "data dukung", help=f"Angka yang terbukti menurut data dukung. {what}")

    def widget_value(self, value: Any, text: str) -> Any:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return exact(value)
        return text

    # -- the demo --------------------------------------------------------------------------

    def _span(self, question: Question) -> tuple[Decimal, Decimal]:
        lowers = [step.lower for step in question.thresholds]
        low = question.min_value if question.min_value is not None else min([ZERO, *lowers])
        high = question.max_value if question.max_value is not None else \
            max(lowers) * Decimal("1.2") + 1
        return low, high

    def demo_answer(self, question: Question, rng: Random, quality: float) -> Decimal:
        low, high = self._span(question)
        share = min(1.0, max(0.0, quality + rng.gauss(0, 0.15)))
        step = ONE.scaleb(-min(decimals_of(question), 1))
        value = (low + (high - low) * Decimal(repr(share))).quantize(step)
        return canonical(min(high, max(low, value)))

    def demo_lower(self, question: Question, value: Any,
                   rng: Random) -> tuple[Decimal, str]:
        low, _ = self._span(question)
        step = ONE.scaleb(-min(decimals_of(question), 1))
        lower = max(low, (Decimal(value) * Decimal("0.8")).quantize(step))
        return canonical(lower), rng.choice(LOWER_REASONS)


SPEC = Number()
