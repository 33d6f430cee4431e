"""evidence files and link checks

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 04:00:00

Data dukung (issue 13): ``evidence_blobs`` (one row per SHA-256 of an evidence file's
content: size, media type, PDF pages), ``evidence_contents`` (the bytes, only when the
evidence store is the database), ``evidence_files`` (append-only: a file attached to one
question of one badan publik in a cycle, for its answer or an appeal; a removal is a row with
``withdrawn``), ``link_check_runs`` (background runs checking a cycle's evidence links, with
progress) and ``link_checks`` (append-only results: the newest per cycle and URL is current).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evidence_blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('stored_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_evidence_blobs'))
    )
    op.create_table('evidence_contents',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_evidence_contents'))
    )
    op.create_table('link_check_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.CheckConstraint("state IN ('running', 'finished', 'failed', 'interrupted')", name=op.f('ck_link_check_runs_state')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_link_check_runs_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_link_check_runs_started_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_check_runs'))
    )
    op.create_table('evidence_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('badan_publik_id', sa.Integer(), nullable=False),
    sa.Column('question_code', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('appeal_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('withdrawn', sa.Boolean(), nullable=False),
    sa.CheckConstraint("purpose IN ('answer', 'appeal')", name=op.f('ck_evidence_files_purpose')),
    sa.ForeignKeyConstraint(['appeal_id'], ['appeals.id'], name=op.f('fk_evidence_files_appeal_id_appeals')),
    sa.ForeignKeyConstraint(['badan_publik_id'], ['badan_publik.id'], name=op.f('fk_evidence_files_badan_publik_id_badan_publik')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_evidence_files_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['sha256'], ['evidence_blobs.sha256'], name=op.f('fk_evidence_files_sha256_evidence_blobs')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_evidence_files_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_files'))
    )
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_files_question', ['cycle_id', 'badan_publik_id', 'question_code'], unique=False)

    op.create_table('link_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('checked_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('final_url', sa.Text(), nullable=False),
    sa.Column('content_type', sa.String(length=200), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=True),
    sa.Column('pdf_pages', sa.Integer(), nullable=True),
    sa.Column('verdict', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('elapsed_ms', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_link_checks_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['run_id'], ['link_check_runs.id'], name=op.f('fk_link_checks_run_id_link_check_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_checks'))
    )
    with op.batch_alter_table('link_checks', schema=None) as batch_op:
        batch_op.create_index('ix_link_checks_cycle', ['cycle_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('link_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_link_checks_cycle')

    op.drop_table('link_checks')
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.drop_index('ix_evidence_files_question')

    op.drop_table('evidence_files')
    op.drop_table('link_check_runs')
    op.drop_table('evidence_contents')
    op.drop_table('evidence_blobs')
