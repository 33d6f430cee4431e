"""Database tables of a monev cycle (SQLAlchemy 2 typed ORM).

History is append-only: a verification, panel score or bonus is never updated in place;
each change is a new row with a per-item sequence number (``seq``), who, when, the old and
the new value and the reason. The current value is the row with the highest ``seq``; a
withdrawal is a row with ``withdrawn = True``. ``UNIQUE(…, seq)`` turns two people saving
over the same stale value into a conflict instead of a lost edit.

Answer values are stored as JSON: ``true``/``false`` (yes_no), an integer (scale level),
a sorted list of item codes (checklist), ``null`` (not answered). A submission keeps the
reader's warnings about its file as JSON too (see :attr:`Submission.warnings`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use timezone-aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SCORE = Numeric(7, 2)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# -- people -------------------------------------------------------------------------------


class User(Base):
    """A person who logs in: koordinator PPID, evaluator, pejabat, admin, or the PPID of one
    badan publik (``badan_publik``: its one body is its :class:`UserScope` row)."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('koordinator', 'evaluator', 'pejabat', 'admin', "
                        "'badan_publik')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    ki: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # A demo account (``python -m monev demo``): its well-known password is allowed, and it
    # cannot log in when ``MONEV_DEMO_ACCOUNTS=0`` (see auth.settings).
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The cycle this user last chose in the app: their pages open on it at the next login
    # (see monev.cycles.landing_cycle). A preference, not data: no foreign key (users and
    # cycles would reference each other); a cycle that is gone or hidden from the user is
    # ignored when read.
    last_cycle_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class UserScope(Base):
    """The badan publik a koordinator PPID may upload for (for a ``badan_publik`` account:
    the one body it is the PPID of)."""

    __tablename__ = "user_scopes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"),
                                                 primary_key=True)


# -- cycle and bodies -----------------------------------------------------------------------


class Cycle(Base):
    """One monev of one KI in one year, with the methodology frozen as it was at the start.

    A new cycle is *prepared* (``opened_at`` NULL, ``status`` 'open'): only admins and
    evaluators see it, until an admin opens it (``opened_at`` set) for everyone. ``status``
    'published' means its results are frozen (see :class:`Publication`).
    """

    __tablename__ = "cycles"
    __table_args__ = (
        UniqueConstraint("ki", "year", "title"),
        CheckConstraint("status IN ('open', 'published')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ki: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    methodology_id: Mapped[str] = mapped_column(String(100))
    methodology_version: Mapped[str] = mapped_column(String(50))
    methodology: Mapped[dict[str, Any]] = mapped_column(JSON)  # the full frozen definition
    status: Mapped[str] = mapped_column(String(20), default="open")
    previous_cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # When an admin opened the cycle to koordinator and pejabat; NULL while it is prepared.
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class StageState(Base):
    """Deadline and lock of one stage of a cycle (a locked stage refuses changes)."""

    __tablename__ = "stage_states"
    __table_args__ = (UniqueConstraint("cycle_id", "stage_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    stage_code: Mapped[str] = mapped_column(String(100))
    deadline: Mapped[date | None] = mapped_column(Date)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)


class BadanPublik(Base):
    """A public body evaluated by a KI; unique by name within the KI."""

    __tablename__ = "badan_publik"
    __table_args__ = (UniqueConstraint("ki", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ki: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300))  # normalised name for matching
    category: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(200), default="")
    ppid_name: Mapped[str] = mapped_column(String(200), default="")
    ppid_contact: Mapped[str] = mapped_column(String(200), default="")
    # The PPID's e-mail address, where notifications for the body go (empty: none known).
    email: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BodyWebsite(Base):
    """One website address of a badan publik (its PPID site, its main site), visited by
    website monitoring runs. `url` is the absolute ``http(s)://`` address as entered,
    normalised (scheme and host lower case, no fragment)."""

    __tablename__ = "body_websites"
    __table_args__ = (UniqueConstraint("badan_publik_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class Alias(Base):
    """Another name of a badan publik ("Diskominfo Kab. X" for "Dinas Kominfo")."""

    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("ki", "alias_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ki: Mapped[str] = mapped_column(String(200))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    alias: Mapped[str] = mapped_column(String(300))
    alias_key: Mapped[str] = mapped_column(String(300))


class Participation(Base):
    """Whether a badan publik takes part in a cycle (invited … submitted, late)."""

    __tablename__ = "participation"
    __table_args__ = (
        UniqueConstraint("cycle_id", "badan_publik_id"),
        CheckConstraint("status IN ('invited', 'registered', 'submitted', 'late', "
                        "'not_submitted')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    status: Mapped[str] = mapped_column(String(20), default="invited")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


# -- what badan publik reported -----------------------------------------------------------


class Submission(Base):
    """One upload of one badan publik's SAQ; the highest version is the current one."""

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("cycle_id", "badan_publik_id", "version"),
        Index("ix_submissions_sha", "cycle_id", "badan_publik_id", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    version: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    identity: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What the reader warned about when it accepted the file (codes W4xx), for the
    # verifikator: [{"code": "W404", "location": {"sheet": "Kuesioner", "cell": "F14"},
    # "message": "…", "fix": "…", "question": "1.1.2"}] ("question" only when known).
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'"))


class Answer(Base):
    """A self-reported answer of one submission, as read from the file."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("submission_id", "question_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    question_code: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    cell: Mapped[str] = mapped_column(String(50), default="")


# -- what evaluators decided (append-only) ---------------------------------------------------


class Verification(Base):
    """Hasil verifikasi: the verifikator's value of one answer, one row per change."""

    __tablename__ = "verifications"
    __table_args__ = (
        UniqueConstraint("cycle_id", "badan_publik_id", "question_code", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    question_code: Mapped[str] = mapped_column(String(100))
    seq: Mapped[int] = mapped_column(Integer)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text)
    phase: Mapped[str] = mapped_column(String(20), default="verifikasi")
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("appeals.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PanelScore(Base):
    """One juror's score (0–100) of one aspect of a panel stage, one row per change."""

    __tablename__ = "panel_scores"
    __table_args__ = (
        UniqueConstraint("cycle_id", "badan_publik_id", "stage_code", "juror", "aspect",
                         "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    stage_code: Mapped[str] = mapped_column(String(100))
    juror: Mapped[str] = mapped_column(String(200))
    aspect: Mapped[str] = mapped_column(String(100))
    seq: Mapped[int] = mapped_column(Integer)
    score: Mapped[Decimal | None] = mapped_column(SCORE)
    old_score: Mapped[Decimal | None] = mapped_column(SCORE)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Bonus(Base):
    """A typed adjustment of the final score (e.g. the head presents in person)."""

    __tablename__ = "bonuses"
    __table_args__ = (UniqueConstraint("cycle_id", "badan_publik_id", "code", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    code: Mapped[str] = mapped_column(String(100))
    seq: Mapped[int] = mapped_column(Integer)
    points: Mapped[Decimal | None] = mapped_column(SCORE)
    old_points: Mapped[Decimal | None] = mapped_column(SCORE)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Appeal(Base):
    """Sanggah: a badan publik contests a verification with new evidence."""

    __tablename__ = "appeals"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'accepted', 'rejected', 'withdrawn')",
                        name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    question_code: Mapped[str | None] = mapped_column(String(100))
    claim: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


# -- publication ------------------------------------------------------------------------


class Publication(Base):
    """A publication of a cycle's results (penetapan); reopening is recorded, not erased."""

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("cycle_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    seq: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reopen_reason: Mapped[str] = mapped_column(Text, default="")


class PublishedResult(Base):
    """One badan publik's result frozen at publication."""

    __tablename__ = "published_results"
    __table_args__ = (UniqueConstraint("publication_id", "badan_publik_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    category: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    final: Mapped[Decimal | None] = mapped_column(SCORE)
    predicate: Mapped[str | None] = mapped_column(String(100))
    rank: Mapped[int | None] = mapped_column(Integer)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)


class ResultProjection(Base):
    """Per cycle: what its stored current results (:class:`BodyResult`) were computed with.

    `basis` names the methodology definition and the scoring rules; rows computed on
    another basis are rebuilt. `generation` grows by one with every transaction that
    changes any row of the cycle (rows carry the generation that wrote them).
    """

    __tablename__ = "result_projections"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"), primary_key=True)
    basis: Mapped[str] = mapped_column(String(100))
    generation: Mapped[int] = mapped_column(Integer, default=0)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BodyResult(Base):
    """The current (unpublished, unranked) result of one participant of a cycle: a
    projection of the append-only history, kept up to date in the transaction of every
    write that changes it (see :mod:`monev.outcomes.projection`).

    `summary` holds the scores a ranking needs (indicators, stages, bonuses, SAQ, final,
    predikat) and the verifikator's notes; `detail` the per-question scores.
    """

    __tablename__ = "body_results"
    __table_args__ = (Index("ix_body_results_generation", "cycle_id", "generation"),)

    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"), primary_key=True)
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"),
                                                 primary_key=True)
    generation: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    region: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    final: Mapped[Decimal | None] = mapped_column(SCORE)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class Event(Base):
    """Audit log of everything else that changes a cycle (locks, publication, users…)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_cycle", "cycle_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(100), default="")
    entity_id: Mapped[str] = mapped_column(String(100), default="")
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")


# -- logins and sessions ---------------------------------------------------------------------


class LoginEvent(Base):
    """One login-related event: a failed or successful login, a lock, an unlock, a logout,
    a session ended, a password changed. ``username`` is what was typed (normalised, so
    attempts on accounts that do not exist are throttled the same way); ``user_id`` is set
    when the account exists. ``address`` is the client address as the app saw it."""

    __tablename__ = "login_events"
    __table_args__ = (
        Index("ix_login_events_username_at", "username", "at"),
        Index("ix_login_events_address_at", "address", "at"),
        Index("ix_login_events_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    username: Mapped[str] = mapped_column(String(64), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    # Who did it when it is not the account itself (an admin unlocking), and a detail.
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    detail: Mapped[str] = mapped_column(String(300), default="")


class UserSession(Base):
    """A logged-in browser: the SHA-256 of its token (the token itself lives only in the
    browser's cookie), when it started, was last used and expires, and whether and why it
    was revoked (logout, account disabled, password changed)."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user", "user_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_reason: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")


class Setting(Base):
    """Installation-wide values kept in the database so every app instance shares them
    (the secret that signs session cookies when ``MONEV_SECRET_KEY`` is not set)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# -- methodology library -------------------------------------------------------------------------


class SavedMethodology(Base):
    """A methodology version saved by an admin (uploaded as a workbook or YAML), from which
    cycles can be created; the presets shipped with the app are available without a row.

    Never changed once saved: ``(methodology_id, version)`` names one definition for good
    (saving the same definition again is a no-op, another definition under that pair is
    refused). `definition` is the full validated methodology as JSON (what a cycle freezes),
    `definition_sha256` the SHA-256 of its canonical form (see
    :func:`monev.methodologies.definition_hash`); `source_name` and `source_sha256` name
    the file it was read from.
    """

    __tablename__ = "saved_methodologies"
    __table_args__ = (UniqueConstraint("methodology_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    methodology_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    ki: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    definition_sha256: Mapped[str] = mapped_column(String(64))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    source_name: Mapped[str] = mapped_column(String(300), default="")
    source_sha256: Mapped[str] = mapped_column(String(64), default="")


# -- data dukung: evidence files and link checks ------------------------------------------------


class EvidenceBlob(Base):
    """The content of one evidence file (*data dukung*), stored once per SHA-256.

    Only what was checked is kept here: `size_bytes`, `media_type` (``application/pdf``,
    ``image/png``, ``image/jpeg``) and, for a PDF, its number of `pages`. The bytes live in the
    configured evidence store (a folder under ``data/`` or the :class:`EvidenceContent` table),
    addressed by the hash.
    """

    __tablename__ = "evidence_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EvidenceContent(Base):
    """The bytes of an evidence file when the evidence store is the database (for several
    app instances sharing one PostgreSQL); unused by the folder store."""

    __tablename__ = "evidence_contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class EvidenceFile(Base):
    """An evidence file attached to one question of one badan publik in a cycle (append-only).

    `purpose` is ``answer`` (data dukung of the self-reported answer) or ``appeal`` (new
    evidence filed with an appeal, `appeal_id` set). A removal is a new row with
    ``withdrawn = True``; the files of a question are its rows not withdrawn since.
    """

    __tablename__ = "evidence_files"
    __table_args__ = (
        Index("ix_evidence_files_question", "cycle_id", "badan_publik_id", "question_code"),
        CheckConstraint("purpose IN ('answer', 'appeal')", name="purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    question_code: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(ForeignKey("evidence_blobs.sha256"))
    file_name: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[str] = mapped_column(String(20), default="answer")
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("appeals.id"), nullable=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class LinkCheckRun(Base):
    """One background run checking the evidence links of a cycle, with its progress.

    `state`: ``running``, ``finished``, ``failed`` (`detail` says why) or ``interrupted``
    (the process ended before `done` reached `total`; a new run checks again).
    """

    __tablename__ = "link_check_runs"
    __table_args__ = (
        CheckConstraint("state IN ('running', 'finished', 'failed', 'interrupted')",
                        name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20), default="running")
    detail: Mapped[str] = mapped_column(Text, default="")


class LinkCheck(Base):
    """What one check of one evidence link found (append-only; the newest per cycle and URL
    is current).

    `status_code` is the final HTTP status (None: no answer — time-out, refused, bad address),
    `final_url` the address after redirects, `size_bytes` from Content-Length or the bytes
    read, `pdf_pages` when the body is a PDF that opens. `verdict` is a code of
    ``evidence.links`` (``ok``, ``not_found``, ``unreachable``, ``sign_in``, ``not_pdf``,
    ``too_large``, ``broken_pdf`` …) and `detail` the Indonesian sentence shown to users.
    """

    __tablename__ = "link_checks"
    __table_args__ = (Index("ix_link_checks_cycle", "cycle_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("link_check_runs.id"), nullable=True)
    url: Mapped[str] = mapped_column(Text)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    final_url: Mapped[str] = mapped_column(Text, default="")
    content_type: Mapped[str] = mapped_column(String(200), default="")
    size_bytes: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    pdf_pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    verdict: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(Text, default="")
    elapsed_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)


# -- the PPID portal: questionnaires filled online -------------------------------------------


class PortalDraft(Base):
    """The questionnaire one badan publik fills online (the PPID portal) in one cycle.

    `state` is ``draft`` while its PPID fills it (answers saved question by question in
    :class:`PortalAnswer`) and ``submitted`` once sent: the submit wrote an ordinary
    :class:`Submission` with its :class:`Answer` rows (`submission_id`, the version the last
    submit made) and the answers are locked, until a koordinator reopens it with a reason
    (audited). `identity` holds the Identitas of the questionnaire (``ppid_name``,
    ``position``, ``contact``), as a workbook's Identitas sheet does. `version` grows with
    every change (a stale page is told so).
    """

    __tablename__ = "portal_drafts"
    __table_args__ = (
        UniqueConstraint("cycle_id", "badan_publik_id"),
        CheckConstraint("state IN ('draft', 'submitted')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    state: Mapped[str] = mapped_column(String(20), default="draft")
    identity: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"),
                                                      nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class PortalAnswer(Base):
    """One answer of a :class:`PortalDraft`, saved as its PPID goes: the value (stored as an
    :class:`Answer` value is), the evidence link and the note; `version` grows with every
    save of this answer (two tabs saving over each other are told so)."""

    __tablename__ = "portal_answers"
    __table_args__ = (UniqueConstraint("draft_id", "question_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("portal_drafts.id"))
    question_code: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


# -- website monitoring: runs visiting every badan publik's website -------------------------


class MonitoringRun(Base):
    """One background run visiting the websites of a cycle's badan publik (every body, or
    `badan_publik_id` alone), with its progress: `done` of `total` bodies, `pages` fetched.

    `state`: ``running``, ``finished``, ``failed`` (`detail` says why) or ``interrupted``
    (stopped before `done` reached `total`; resuming visits only the bodies without a
    :class:`MonitoringSite` in this run).
    """

    __tablename__ = "monitoring_runs"
    __table_args__ = (
        CheckConstraint("state IN ('running', 'finished', 'failed', 'interrupted')",
                        name="state"),
        Index("ix_monitoring_runs_cycle", "cycle_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    badan_publik_id: Mapped[int | None] = mapped_column(ForeignKey("badan_publik.id"),
                                                        nullable=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20), default="running")
    detail: Mapped[str] = mapped_column(Text, default="")


class MonitoringSite(Base):
    """One body's visit in a run: when, from which address(es), how many pages were read,
    and how it went. `outcome`: ``ok`` (the site answered), ``no_website`` (no address
    recorded), ``unreachable`` (no page could be read; `detail` says why)."""

    __tablename__ = "monitoring_sites"
    __table_args__ = (UniqueConstraint("run_id", "badan_publik_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("monitoring_runs.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    start_url: Mapped[str] = mapped_column(Text, default="")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(30), default="ok")
    detail: Mapped[str] = mapped_column(Text, default="")


class MonitoringFinding(Base):
    """What a run found on one body's website for one item (a question with signals).

    `found`: a page or link matched the item's signals; then `url` is where (the document's
    address when the link leads to one), `page_title` the title of the page, `link_text`
    the text of the link, and for a linked document its `content_type`, `size_bytes`,
    `doc_pages` (a PDF that opens) and `doc_verdict` (a verdict code of
    ``evidence.links``: ``ok``, ``not_found``, ``broken_pdf`` …; "" for a page).
    `detail` is the Indonesian sentence shown to users.
    """

    __tablename__ = "monitoring_findings"
    __table_args__ = (Index("ix_monitoring_findings_run_body", "run_id", "badan_publik_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("monitoring_runs.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    item: Mapped[str] = mapped_column(String(100))
    found: Mapped[bool] = mapped_column(Boolean, default=False)
    url: Mapped[str] = mapped_column(Text, default="")
    page_title: Mapped[str] = mapped_column(Text, default="")
    link_text: Mapped[str] = mapped_column(Text, default="")
    content_type: Mapped[str] = mapped_column(String(200), default="")
    size_bytes: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    doc_pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    doc_verdict: Mapped[str] = mapped_column(String(30), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# -- notifications, the outbox, messages and password reset (see notifications/) -------------


class UserEmail(Base):
    """The e-mail address of an account (notifications, password reset); a PPID account
    without one is reached at its badan publik's address (:attr:`BadanPublik.email`)."""

    __tablename__ = "user_emails"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notice(Base):
    """Something that happened that people must be told (a submission received, a deadline
    near, the masa sanggah open …), written in the transaction of the event itself.

    `key` makes a notice happen once (``deadline:7:saq:3:12`` — cycle, stage, days, body):
    a second attempt to write it is a no-op. `context` holds what the templates were
    rendered with (JSON)."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    event: Mapped[str] = mapped_column(String(50))
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"), nullable=True,
                                                 index=True)
    badan_publik_id: Mapped[int | None] = mapped_column(ForeignKey("badan_publik.id"),
                                                        nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Notification(Base):
    """One notice as one account reads it in the app (the bell): `read_at` NULL = unread."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), nullable=True)
    event: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class OutboxMail(Base):
    """One e-mail waiting to be sent, sent, or failed (the outbox).

    `state`: ``waiting`` (to send at `next_attempt_at`; after a failed attempt it waits
    longer each time), ``sent`` (the server accepted it: `server_reply`), ``failed`` (refused
    for good, or too many attempts: `server_reply` says what the server answered).
    `attachment` names what the sender attaches when it sends (``report_card``: the body's
    report card PDF, built then)."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "state", "next_attempt_at"),
        CheckConstraint("state IN ('waiting', 'sent', 'failed')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), nullable=True)
    event: Mapped[str] = mapped_column(String(50))
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"), nullable=True)
    badan_publik_id: Mapped[int | None] = mapped_column(ForeignKey("badan_publik.id"),
                                                        nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    attachment: Mapped[str] = mapped_column(String(50), default="")
    state: Mapped[str] = mapped_column(String(20), default="waiting")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    server_reply: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[str] = mapped_column(String(300), default="")


class NotificationTemplate(Base):
    """A version of the text of one notification event, saved by an admin (append-only:
    the current text is the highest `seq`; without a row the default shipped in
    :mod:`notifications.templates` is used)."""

    __tablename__ = "notification_templates"
    __table_args__ = (UniqueConstraint("event", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(50))
    seq: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class Message(Base):
    """One message of the thread of a badan publik in a cycle, between the KI (koordinator,
    admin) and the body's PPID."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_thread", "cycle_id", "badan_publik_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MessageAttachment(Base):
    """A file attached to a message: its content is an evidence blob (checked and stored as
    data dukung are, within the cycle's evidence size limit)."""

    __tablename__ = "message_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("evidence_blobs.sha256"))
    file_name: Mapped[str] = mapped_column(String(300))


class MessageRead(Base):
    """Up to which message one account has read the thread of a body in a cycle."""

    __tablename__ = "message_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"), primary_key=True)
    badan_publik_id: Mapped[int] = mapped_column(ForeignKey("badan_publik.id"),
                                                 primary_key=True)
    last_message_id: Mapped[int] = mapped_column(Integer, default=0)


class PasswordResetRequest(Base):
    """One request of a password link (forgotten password, or a new account's first one).

    Every request is kept, also for addresses no account has (`user_id` NULL, no token):
    they count for throttling (`key`: the typed address or username, normalised; `address`:
    the client). Only the SHA-256 of a token is stored; a token opens once (`used_at`) and
    not after `expires_at`."""

    __tablename__ = "password_reset_requests"
    __table_args__ = (
        Index("ix_password_reset_key_at", "key", "requested_at"),
        Index("ix_password_reset_address_at", "address", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(320))
    address: Mapped[str] = mapped_column(String(64), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    purpose: Mapped[str] = mapped_column(String(20), default="reset")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
