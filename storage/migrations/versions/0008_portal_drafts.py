"""PPID portal: badan_publik accounts and questionnaires filled online

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 12:00:00

1. ``users.role`` may be ``badan_publik``: the PPID of one badan publik (its one body is its
   ``user_scopes`` row), who fills its questionnaire online. The CHECK constraint is
   replaced; every existing row already satisfies the wider one. On SQLite, where a CHECK
   cannot be altered, the table's stored definition is rewritten in place (the procedure
   SQLite documents for loosening a CHECK: ``writable_schema`` and a new
   ``schema_version``, in this migration's transaction) instead of rebuilding ``users``,
   which every other table references.
2. ``portal_drafts``: one per cycle and badan publik, ``draft`` while its PPID fills it,
   ``submitted`` once sent (the submit writes an ordinary submission, ``submission_id``);
   ``portal_answers``: its answers, saved question by question (value, evidence link, note).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_OLD = "role IN ('koordinator', 'evaluator', 'pejabat', 'admin')"
_NEW = "role IN ('koordinator', 'evaluator', 'pejabat', 'admin', 'badan_publik')"


def _role_check(old: str, new: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
        bind.exec_driver_sql("PRAGMA writable_schema=ON")
        bind.execute(sa.text("UPDATE sqlite_master SET sql = replace(sql, :old, :new) "
                             "WHERE type = 'table' AND name = 'users'"),
                     {"old": old, "new": new})
        bind.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
        bind.exec_driver_sql("PRAGMA writable_schema=OFF")
        return
    op.drop_constraint(op.f('ck_users_role'), 'users', type_='check')
    op.create_check_constraint(op.f('ck_users_role'), 'users', new)


def upgrade() -> None:
    _role_check(_OLD, _NEW)
    op.create_table(
        'portal_drafts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cycle_id', sa.Integer(), nullable=False),
        sa.Column('badan_publik_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('identity', sa.JSON(), nullable=False),
        sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('submitted_at', storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column('submitted_by_id', sa.Integer(), nullable=True),
        sa.Column('submission_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint("state IN ('draft', 'submitted')",
                           name=op.f('ck_portal_drafts_state')),
        sa.ForeignKeyConstraint(['badan_publik_id'], ['badan_publik.id'],
                                name=op.f('fk_portal_drafts_badan_publik_id_badan_publik')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_portal_drafts_created_by_id_users')),
        sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'],
                                name=op.f('fk_portal_drafts_cycle_id_cycles')),
        sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                                name=op.f('fk_portal_drafts_submission_id_submissions')),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'],
                                name=op.f('fk_portal_drafts_submitted_by_id_users')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_portal_drafts_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_drafts')),
        sa.UniqueConstraint('cycle_id', 'badan_publik_id',
                            name=op.f('uq_portal_drafts_cycle_id_badan_publik_id')),
    )
    op.create_table(
        'portal_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('draft_id', sa.Integer(), nullable=False),
        sa.Column('question_code', sa.String(length=100), nullable=False),
        sa.Column('value', sa.JSON(), nullable=True),
        sa.Column('evidence', sa.Text(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('updated_at', storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['draft_id'], ['portal_drafts.id'],
                                name=op.f('fk_portal_answers_draft_id_portal_drafts')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_portal_answers_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_answers')),
        sa.UniqueConstraint('draft_id', 'question_code',
                            name=op.f('uq_portal_answers_draft_id_question_code')),
    )


def downgrade() -> None:
    op.drop_table('portal_answers')
    op.drop_table('portal_drafts')
    # The narrower CHECK would refuse badan publik accounts: downgrading refuses while any
    # exist (change their role first).
    users = sa.table('users', sa.column('role', sa.String))
    count = op.get_bind().execute(sa.select(sa.func.count()).select_from(users).where(
        users.c.role == 'badan_publik')).scalar()
    if count:
        raise RuntimeError(f"{count} akun badan publik masih ada; nonaktifkan dan ubah "
                           f"perannya sebelum menurunkan skema ke revisi 0007.")
    _role_check(_NEW, _OLD)
