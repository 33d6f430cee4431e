"""methodology library: saved_methodologies

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00

``saved_methodologies`` keeps the methodology versions an admin saved (uploaded as a
workbook or YAML): id, version, title, KI, year, the full validated definition as JSON and
the SHA-256 of its canonical form, who saved it and when, and the file it came from (name
and SHA-256). ``(methodology_id, version)`` is unique: a saved version never changes. The
presets shipped with the app are available without a row. Cycles keep their own frozen
copy of the methodology (``cycles.methodology``) as before: nothing here refers to them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'saved_methodologies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('methodology_id', sa.String(length=100), nullable=False),
        sa.Column('version', sa.String(length=50), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('ki', sa.String(length=200), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('definition', sa.JSON(), nullable=False),
        sa.Column('definition_sha256', sa.String(length=64), nullable=False),
        sa.Column('saved_at', storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('saved_by_id', sa.Integer(), nullable=True),
        sa.Column('source_name', sa.String(length=300), nullable=False),
        sa.Column('source_sha256', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['saved_by_id'], ['users.id'],
                                name=op.f('fk_saved_methodologies_saved_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_methodologies')),
        sa.UniqueConstraint('methodology_id', 'version',
                            name=op.f('uq_saved_methodologies_methodology_id_version')),
    )


def downgrade() -> None:
    op.drop_table('saved_methodologies')
