"""The append-only history of a cycle: reading the current state, and appending to it.

Verifications, jurors' panel scores and bonuses are never updated in place. Every change is
a new row of one *item* (an answer of a badan publik; a juror's aspect of a panel stage; a
bonus code) with the item's next sequence number ``seq``; a withdrawal is a row with
``withdrawn`` set. The *current* value of an item is its row with the highest ``seq``,
unless that row is a withdrawal (then there is none). Submissions are a history as well:
the current one of a badan publik is its highest ``version``.

Reading. :func:`latest_values` gives plain column tuples for a whole cycle (what scoring
needs, without ORM objects); :func:`latest_rows` the newest ORM row of every item (of one
badan publik, or of the cycle), withdrawn ones kept when asked; :func:`current_submissions`
the current submission of every badan publik. Each is one query.

Writing. A caller passes the ``seq`` it saw (``expected_seq``; 0 = nothing saved yet). In
one write transaction (:func:`appending`) the use case loads the cycle ``FOR SHARE``
(:func:`cycle_for_write`) and checks the stage lock
(:func:`monev.cycles.ensure_changeable`, which reads the stage row ``FOR SHARE``), so a
lock or a publication committed meanwhile either waits for the change or is seen by it
(SQLite serialises writers with ``BEGIN IMMEDIATE`` anyway). Then :meth:`Write.latest`
reads the item's newest row and refuses with :class:`~monev.errors.Conflict` when its seq
moved on; :meth:`Write.append` inserts ``seq + 1``. Two sessions that both read the same
seq cannot both insert it: ``UNIQUE(…, seq)`` makes the second insert fail, and
:func:`appending` reports that failure as the same Conflict, naming the winner's value,
who saved it and when (:func:`conflict`). Nothing is ever overwritten silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from monev.audit import user_name, utc_text
from monev.cycles import load_cycle
from monev.errors import Conflict
from storage.db import Database
from storage.models import Bonus, Cycle, PanelScore, Submission, Verification

HistoryRow = Verification | PanelScore | Bonus
HistoryModel = type[Verification] | type[PanelScore] | type[Bonus]

# -- reading a whole cycle --------------------------------------------------------------------


def latest_values(session: Session, model: HistoryModel, cycle_id: int,
                  key_columns: Sequence[Any], value_columns: Sequence[Any],
                  body_ids: Iterable[int] | None = None) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The current value of every item of a history table in a cycle, as plain tuples.

    `key_columns` name an item (e.g. ``(Verification.badan_publik_id,
    Verification.question_code)``), `value_columns` are what to read of its current row
    (columns or SQL expressions such as ``cast(Verification.value, Text)``). Returns
    ``{key tuple: value tuple}`` from the row with the highest seq of each item; items
    whose newest row is a withdrawal are left out. `body_ids` limits it to those badan
    publik. One query, no ORM objects (fast enough for 10,000 badan publik).
    """
    width = len(key_columns)
    query = select(*key_columns, model.withdrawn, *value_columns).where(
        model.cycle_id == cycle_id)
    if body_ids is not None:
        query = query.where(model.badan_publik_id.in_(list(body_ids)))
    latest: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for row in session.connection().execute(query.order_by(model.seq)):
        latest[tuple(row[:width])] = tuple(row[width:])  # ascending seq: the last one wins
    return {key: values[1:] for key, values in latest.items() if not values[0]}


def latest_rows(session: Session, model: HistoryModel, cycle_id: int,
                key_columns: Sequence[InstrumentedAttribute[Any]], *,
                body_id: int | None = None,
                withdrawn: bool = False) -> dict[tuple[Any, ...], Any]:
    """The newest row (an ORM object of `model`) of every item in a cycle, or of one badan
    publik's items.

    Keyed by the values of `key_columns` (model attributes, e.g. ``(PanelScore.stage_code,
    PanelScore.juror, PanelScore.aspect)``). Items whose newest row is a withdrawal are
    left out unless `withdrawn` is True (a page then still knows the seq to save against).
    """
    query = select(model).where(model.cycle_id == cycle_id)
    if body_id is not None:
        query = query.where(model.badan_publik_id == body_id)
    names = [column.key for column in key_columns]
    latest: dict[tuple[Any, ...], Any] = {}
    for row in session.scalars(query.order_by(model.seq)):
        latest[tuple(getattr(row, name) for name in names)] = row
    if withdrawn:
        return latest
    return {key: row for key, row in latest.items() if not row.withdrawn}


def current_submissions(session: Session, cycle_id: int,
                        body_ids: Iterable[int] | None = None) -> dict[int, Submission]:
    """Badan publik id → its current (highest version) submission in the cycle; badan
    publik without a submission are left out."""
    newest = (select(Submission.badan_publik_id, func.max(Submission.version).label("v"))
              .where(Submission.cycle_id == cycle_id).group_by(Submission.badan_publik_id))
    if body_ids is not None:
        newest = newest.where(Submission.badan_publik_id.in_(list(body_ids)))
    sub = newest.subquery()
    rows = session.scalars(select(Submission).join(
        sub, (Submission.badan_publik_id == sub.c.badan_publik_id)
        & (Submission.version == sub.c.v)).where(Submission.cycle_id == cycle_id))
    return {s.badan_publik_id: s for s in rows}


# -- one item -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One item of a history table: the rows of `model` in a cycle for a badan publik whose
    `keys` columns hold these values (e.g. ``(("question_code", "1.1"),)``)."""

    model: HistoryModel
    cycle_id: int
    body_id: int
    keys: tuple[tuple[str, Any], ...]

    def _where(self) -> list[ColumnElement[bool]]:
        model = self.model
        return [model.cycle_id == self.cycle_id, model.badan_publik_id == self.body_id,
                *(getattr(model, name) == value for name, value in self.keys)]

    def latest(self, session: Session) -> Any:
        """The item's newest row (withdrawn or not), or None when it has none."""
        return session.scalars(select(self.model).where(*self._where())
                               .order_by(self.model.seq.desc()).limit(1)).first()

    def seq(self, session: Session) -> int:
        """The item's highest seq (0 when it has no row)."""
        return session.scalar(select(func.coalesce(func.max(self.model.seq), 0))
                              .where(*self._where())) or 0


# -- appending ------------------------------------------------------------------------------------

# Builds the Conflict for an item whose seq moved on, in the session given (the write
# transaction, or a fresh read after a lost race): (session, item, attempted value).
ConflictFor = Callable[[Session, Item, Any], Conflict]


def cycle_for_write(session: Session, cycle_id: int) -> Cycle:
    """The cycle, read ``FOR SHARE`` so a concurrent publication waits for this change.

    Raises :class:`~monev.errors.NotFound` when there is no such cycle."""
    cycle = session.get(Cycle, cycle_id, with_for_update={"read": True})
    return cycle if cycle is not None else load_cycle(session, cycle_id)


def conflict(session: Session, latest: HistoryRow | None, message: Callable[[str, str], str],
             *, current: Any, attempted: Any) -> Conflict:
    """The Conflict reporting an item's newest row `latest`: its value `current`, who saved
    it and when. `message(who, when)` words it (``who`` is "orang lain" when unknown)."""
    who = user_name(session, latest.created_by_id) if latest is not None else ""
    at = utc_text(latest.created_at) if latest is not None else ""
    return Conflict(message(who or "orang lain", at), current=current, attempted=attempted,
                    current_seq=latest.seq if latest is not None else 0, changed_by=who,
                    changed_at=at)


class Write:
    """One append to one item's history inside a write transaction (see :func:`appending`).

    `session` is the transaction's session. :meth:`latest` must be called before
    :meth:`append`; it also tells :func:`appending` which item a lost race is about.
    """

    def __init__(self, session: Session, expected_seq: int | None,
                 conflict_for: ConflictFor) -> None:
        self.session = session
        self.expected_seq = expected_seq
        self._conflict_for = conflict_for
        self.item: Item | None = None
        self.attempted: Any = None
        self.seen_seq = 0

    def latest(self, item: Item, attempted: Any = None) -> Any:
        """The newest row of `item` (None: none yet), checked against the expected seq.

        Raises the item's :class:`~monev.errors.Conflict` (with `attempted`, the value
        being saved) when its seq is not the expected one; an expected seq of None
        accepts whatever is current (an appeal decision).
        """
        self.item, self.attempted = item, attempted
        row = item.latest(self.session)
        self.seen_seq = row.seq if row is not None else 0
        if self.expected_seq is not None and self.seen_seq != self.expected_seq:
            raise self._conflict_for(self.session, item, attempted)
        return row

    def append(self, **columns: Any) -> Any:
        """Insert the item's next row (seq + 1) with `columns` and flush it.

        On PostgreSQL a concurrent insert of the same seq fails here (or at commit) with
        an IntegrityError, which :func:`appending` turns into a Conflict.
        """
        item = self.item
        if item is None:
            raise RuntimeError("Write.latest() must be called before Write.append()")
        row = item.model(cycle_id=item.cycle_id, badan_publik_id=item.body_id,
                         seq=self.seen_seq + 1, **dict(item.keys), **columns)
        self.session.add(row)
        self.session.flush()
        return row


@contextmanager
def appending(db: Database, conflict_for: ConflictFor,
              expected_seq: int | None) -> Iterator[Write]:
    """A write transaction that appends to one item's history (committed on success,
    rolled back on any error).

    The block calls :meth:`Write.latest` then :meth:`Write.append`. When the insert loses
    a race on ``UNIQUE(…, seq)`` the IntegrityError becomes ``conflict_for(session, item,
    attempted)`` read in a fresh session (see :func:`raced`); an IntegrityError before the
    item was known, or one that was not about the seq, is raised as it is.
    """
    write: Write | None = None
    try:
        with db.transaction() as session:
            write = Write(session, expected_seq, conflict_for)
            yield write
    except IntegrityError as exc:
        if write is None or write.item is None:
            raise
        item, attempted = write.item, write.attempted
        raise raced(db, exc, item.seq, write.seen_seq,
                    lambda session: conflict_for(session, item, attempted)) from exc


def raced(db: Database, exc: IntegrityError, seq_now: Callable[[Session], int],
          seen: int, conflict_now: Callable[[Session], Conflict]) -> Conflict:
    """After an insert lost a race on ``UNIQUE(…, seq)``: the Conflict naming the winner.

    `seen` is the seq the losing transaction read. Re-raises `exc` when the seq did not
    move since (the error was about something else).
    """
    with db.read() as session:
        if seq_now(session) == seen:
            raise exc
        return conflict_now(session)
