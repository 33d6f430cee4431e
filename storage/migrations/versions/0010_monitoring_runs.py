"""Website monitoring: runs visiting the badan publik's websites, visits, findings

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 08:30:00

``monitoring_runs`` (background runs of a cycle, with progress), ``monitoring_sites`` (one
body's visit in a run: pages read, outcome) and ``monitoring_findings`` (per body and item:
found or not, where, the linked document, when).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('monitoring_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('badan_publik_id', sa.Integer(), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.CheckConstraint("state IN ('running', 'finished', 'failed', 'interrupted')", name=op.f('ck_monitoring_runs_state')),
    sa.ForeignKeyConstraint(['badan_publik_id'], ['badan_publik.id'], name=op.f('fk_monitoring_runs_badan_publik_id_badan_publik')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_monitoring_runs_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_monitoring_runs_started_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_runs'))
    )
    with op.batch_alter_table('monitoring_runs', schema=None) as batch_op:
        batch_op.create_index('ix_monitoring_runs_cycle', ['cycle_id'], unique=False)

    op.create_table('monitoring_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('badan_publik_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=100), nullable=False),
    sa.Column('found', sa.Boolean(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('page_title', sa.Text(), nullable=False),
    sa.Column('link_text', sa.Text(), nullable=False),
    sa.Column('content_type', sa.String(length=200), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=True),
    sa.Column('doc_pages', sa.Integer(), nullable=True),
    sa.Column('doc_verdict', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('checked_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['badan_publik_id'], ['badan_publik.id'], name=op.f('fk_monitoring_findings_badan_publik_id_badan_publik')),
    sa.ForeignKeyConstraint(['run_id'], ['monitoring_runs.id'], name=op.f('fk_monitoring_findings_run_id_monitoring_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_findings'))
    )
    with op.batch_alter_table('monitoring_findings', schema=None) as batch_op:
        batch_op.create_index('ix_monitoring_findings_run_body', ['run_id', 'badan_publik_id'], unique=False)

    op.create_table('monitoring_sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('badan_publik_id', sa.Integer(), nullable=False),
    sa.Column('checked_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('start_url', sa.Text(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['badan_publik_id'], ['badan_publik.id'], name=op.f('fk_monitoring_sites_badan_publik_id_badan_publik')),
    sa.ForeignKeyConstraint(['run_id'], ['monitoring_runs.id'], name=op.f('fk_monitoring_sites_run_id_monitoring_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_sites')),
    sa.UniqueConstraint('run_id', 'badan_publik_id', name=op.f('uq_monitoring_sites_run_id_badan_publik_id'))
    )


def downgrade() -> None:
    op.drop_table('monitoring_sites')
    with op.batch_alter_table('monitoring_findings', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_findings_run_body')

    op.drop_table('monitoring_findings')
    with op.batch_alter_table('monitoring_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_runs_cycle')

    op.drop_table('monitoring_runs')
