"""current results as a projection of the history: result_projections, body_results

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 22:00:00

``body_results`` keeps every participant's current (unranked) result, updated in the
transaction of each write that changes it; ``result_projections`` says per cycle what the
rows were computed with. Existing cycles get their rows the first time they are read
(or with ``python -m monev results rebuild``): a migration does not score.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'result_projections',
        sa.Column('cycle_id', sa.Integer(), nullable=False),
        sa.Column('basis', sa.String(length=100), nullable=False),
        sa.Column('generation', sa.Integer(), nullable=False),
        sa.Column('built_at', storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'],
                                name=op.f('fk_result_projections_cycle_id_cycles')),
        sa.PrimaryKeyConstraint('cycle_id', name=op.f('pk_result_projections')),
    )
    op.create_table(
        'body_results',
        sa.Column('cycle_id', sa.Integer(), nullable=False),
        sa.Column('badan_publik_id', sa.Integer(), nullable=False),
        sa.Column('generation', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('region', sa.String(length=200), nullable=False),
        sa.Column('category', sa.String(length=100), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('final', sa.Numeric(precision=7, scale=2), nullable=True),
        sa.Column('summary', sa.JSON(), nullable=False),
        sa.Column('detail', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['badan_publik_id'], ['badan_publik.id'],
                                name=op.f('fk_body_results_badan_publik_id_badan_publik')),
        sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'],
                                name=op.f('fk_body_results_cycle_id_cycles')),
        sa.PrimaryKeyConstraint('cycle_id', 'badan_publik_id', name=op.f('pk_body_results')),
    )
    op.create_index('ix_body_results_generation', 'body_results', ['cycle_id', 'generation'])


def downgrade() -> None:
    op.drop_index('ix_body_results_generation', table_name='body_results')
    op.drop_table('body_results')
    op.drop_table('result_projections')
