"""``text``: *sebutkan dan sertakan bukti* — the badan publik writes, the verifikator scores.

The badan publik writes its answer as text in the answer cell (and gives its evidence as
for any question); the value is that text (line breaks kept, each line cleaned like any
typed text). The verifikator reads it with the evidence and types the points, from 0 to the
question's points, with a decimal comma (``3,5``; at most ``decimals`` places, default 2):
that :class:`~decimal.Decimal` is the verified value (stored in JSON as ``{"decimal":
"3.5"}``, like a number answer, so it never reads back as text).

Points before verification (decided here, for every text question): **0 until verified**.
The self-reported text earns nothing by itself — the badan publik does not grade its own
text — so the raw (self-reported) score counts the question with 0 of its points, and the
explanation says *menunggu penilaian verifikator* (:data:`AWAITING`) instead of a "no".
The verified score counts the verifikator's points. Text that only says *nihil* is refused
(a text question has no *Tidak ada kejadian*: leave it blank when there is nothing to
write).
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
    InvalidAnswer,
    Scorer,
    Widget,
    typed_cell,
)
from questionnaires.answer_types.number import (
    as_decimal,
    canonical,
    decimal_from_json,
    decimal_to_json,
    decimals_of,
    places,
)
from questionnaires.submission import NIL
from questionnaires.text import clean
from reports.formatting import NumberTextError, exact, parse_decimal

if TYPE_CHECKING:
    from questionnaires.model import Question

ZERO = Decimal(0)
AWAITING = "Menunggu penilaian verifikator"  # how an unverified text answer is explained

# Typical answers of the demo, and reasons a verifikator gives for part of the points.
DEMO_TEXTS = ("Inovasi layanan: permohonan informasi daring melalui laman PPID dan WhatsApp; "
              "bukti: tangkapan layar dan SK.",
              "Kerja sama dengan perguruan tinggi untuk pelatihan pengelola informasi; bukti: "
              "nota kesepahaman dan daftar hadir.")
LOWER_REASONS = ("Bukti hanya mendukung sebagian dari yang disebutkan.",
                 "Uraian tidak disertai dokumen penetapan.")


def written(raw: object) -> str:
    """What was written, as kept: each line cleaned (:func:`~questionnaires.text.clean`),
    empty lines at the ends dropped and runs of them made one."""
    lines = [clean(line) for line in str(raw).splitlines()]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


class Text(AnswerTypeSpec):
    """Uraian: written text; the verifikator sets the points."""

    name = "text"
    label = "Uraian"
    allows_nil = False  # nothing to write: leave it blank
    fields = frozenset({"decimals"})
    scored_by_verifier = True

    def awaits_verifier(self, value: Any) -> bool:
        """The written text (a str): it earns 0 until the verifikator types the points."""
        return isinstance(value, str)

    def definition_problem(self, question: Question) -> str:
        if question.scale or question.items:
            return "pertanyaan Uraian tidak boleh punya 'scale' atau 'items'"
        return ""

    # -- typed answers ---------------------------------------------------------------------

    def points_text(self, question: Question) -> str:
        """The verifikator's answer: ``poin 0 sampai 5, paling banyak 2 angka di belakang
        koma (mis. 3,5)``."""
        decimals = decimals_of(question)
        text = f"poin 0 sampai {exact(question.points)}"
        if decimals:
            half = canonical(question.points / 2)
            text += (f", paling banyak {decimals} angka di belakang koma (mis. "
                     f"{exact(half if places(half) <= decimals else question.points)})")
        return text

    def allowed(self, question: Question) -> str:
        return (f"uraian jawaban (teks) dengan tautan bukti di kolom {layout.COL_EVIDENCE}; "
                f"{self.points_text(question)} ditetapkan verifikator")

    def parse(self, question: Question, raw: object) -> str:
        """The text written (a number or date in the cell is taken as its text)."""
        text = written(raw if isinstance(raw, str) else clean(raw))
        if not text or text == NIL:
            raise self.invalid(question, raw)
        return text

    def coerce(self, question: Question, value: object) -> Decimal | str:
        """A value given as data: the verifikator's points as a number, or a written text
        as stored (a program checking a stored answer; typed text goes to
        :meth:`parse_verified`)."""
        if isinstance(value, str):
            return self.parse(question, value)
        found = as_decimal(value)
        if found is None or not self.fits(question, found):
            raise InvalidAnswer(value, self.points_text(question))
        return found

    def parse_verified(self, question: Question, raw: object) -> Decimal:
        """The verifikator's points typed: ``3,5``, ``3,5 poin``, ``4``."""
        if not isinstance(raw, str):
            return self.coerce(question, raw)
        text = clean(raw)
        if text.lower().endswith("poin"):
            text = text[:-4].strip()
        try:
            found: Decimal | None = canonical(parse_decimal(text))
        except (NumberTextError, InvalidOperation):
            found = None
        if found is None or not self.fits(question, found):
            raise InvalidAnswer(raw, self.points_text(question))
        return found

    @staticmethod
    def fits(question: Question, points: Decimal) -> bool:
        """From 0 to the question's points, with no more decimals than it allows."""
        return ZERO <= points <= question.points and places(points) <= decimals_of(question)

    # -- the template ----------------------------------------------------------------------

    def dropdown(self, question: Question) -> Dropdown | None:
        return None  # written freely

    def choices_text(self, question: Question) -> str:
        return (f"Tulis uraian jawaban (teks); poin {exact(ZERO)} sampai "
                f"{exact(question.points)} ditetapkan verifikator setelah memeriksa bukti")

    def cell_check(self, question: Question) -> CellCheck:
        return CellCheck("any", "Jawaban uraian",
                         "Tulis uraian singkat: sebutkan yang diminta pertanyaan. Tautan bukti "
                         f"di kolom {layout.COL_EVIDENCE}. Poin diberikan verifikator.")

    def guide(self, questions: Sequence[Question]) -> str:
        return (f"Pertanyaan uraian (Pilihan Jawaban “Tulis uraian jawaban”): tulis jawabannya "
                f"sebagai teks di kolom {layout.COL_ANSWER} dan cantumkan tautan buktinya. "
                "Poinnya ditetapkan verifikator setelah memeriksa bukti; sebelum itu pertanyaan "
                "ini bernilai 0 (menunggu penilaian verifikator).")

    def cells(self, question: Question, value: object) -> list[tuple[str, object]]:
        if isinstance(value, Decimal):
            raise ValueError(f"Poin pertanyaan uraian {question.code!r} ditetapkan "
                             "verifikator, bukan diisi badan publik")
        return [("", typed_cell(value, question.code))]

    # -- points ----------------------------------------------------------------------------

    def scorer(self, question: Question) -> Scorer:
        fits = self.fits

        def earned(value: object) -> Decimal | None:
            if value.__class__ is str:
                return ZERO  # written, not yet scored by the verifikator
            if value.__class__ is int:
                value = Decimal(value)  # type: ignore[arg-type]
            elif value.__class__ is not Decimal:
                return None
            if not value.is_finite() or not fits(question, value):  # type: ignore[union-attr]
                return None
            return value  # type: ignore[return-value]
        return earned

    def explain(self, question: Question, value: Any, earned: Decimal, changed: bool) -> str:
        if isinstance(value, str):
            return AWAITING
        return f"Dinilai verifikator: {exact(earned)} dari {exact(question.points)} poin"

    def advice(self, question: Question, value: Any, earned: Decimal) -> str:
        if isinstance(value, str):
            return (f"{AWAITING}; pastikan tautan bukti dapat dibuka tanpa login agar "
                    "uraian dapat dinilai.")
        return "Lengkapi uraian dan buktinya sesuai catatan verifikator."

    # -- showing and storing ---------------------------------------------------------------

    def display(self, question: Question, value: Any) -> str:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return f"{exact(value)} poin"
        return str(value)

    def to_json(self, value: Any) -> Any:
        return decimal_to_json(value)

    def from_json(self, stored: Any) -> Any:
        return decimal_from_json(stored)

    # -- the evaluator ---------------------------------------------------------------------

    def widget(self, questions: Sequence[Question]) -> Widget:
        what = (self.points_text(questions[0]) if len(questions) == 1
                else "poin dari 0 sampai poin pertanyaan, dengan koma desimal (mis. 3,5)")
        return Widget("text", (), "**Pertanyaan uraian** — ketik poin yang diberikan",
                      help=f"Poin untuk uraian dan buktinya: {what}.")

    def widget_value(self, value: Any, text: str) -> Any:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return exact(value)
        return ""  # the written text is shown above; the points are still to be typed

    # -- the demo --------------------------------------------------------------------------

    def demo_answer(self, question: Question, rng: Random, quality: float) -> str:
        return rng.choice(DEMO_TEXTS)

    def demo_lower(self, question: Question, value: Any, rng: Random) -> tuple[Decimal, str]:
        top = value if isinstance(value, Decimal) else question.points
        return canonical((top / 2).quantize(Decimal(1))), rng.choice(LOWER_REASONS)


SPEC = Text()
