"""prepared cycles and each user's last cycle: cycles.opened_at, users.last_cycle_id

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:00:00

1. ``cycles.opened_at``: when an admin opened the cycle to koordinator PPID and pejabat;
   NULL while the cycle is *prepared* (only admins and evaluators see it). Every cycle that
   exists before this revision was running (or published) for everyone: it is marked
   opened at its creation time.
2. ``users.last_cycle_id``: the cycle the user last chose in the app, where their pages
   open at the next login (NULL: none chosen yet). No foreign key: a preference that is
   checked when read (users and cycles would otherwise reference each other).

Both are plain added columns (``ALTER TABLE … ADD COLUMN`` on SQLite too: no table is
rebuilt).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cycles') as batch:
        batch.add_column(sa.Column('opened_at', storage.models.UTCDateTime(timezone=True),
                                   nullable=True))
    cycles = sa.table('cycles', sa.column('created_at'), sa.column('opened_at'))
    op.execute(sa.update(cycles).values(opened_at=cycles.c.created_at))
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('last_cycle_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('last_cycle_id')
    with op.batch_alter_table('cycles') as batch:
        batch.drop_column('opened_at')
