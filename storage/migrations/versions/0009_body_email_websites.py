"""Body contacts: the PPID's e-mail address and the body's website addresses

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 08:00:00

1. ``badan_publik.email``: where notifications for the body go (empty for every existing
   row: no address known yet).
2. ``body_websites``: the website address(es) of a badan publik, visited by website
   monitoring runs; one row per address, unique per body.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('badan_publik') as batch:
        batch.add_column(sa.Column('email', sa.String(length=320), nullable=False,
                                   server_default=''))
    op.create_table(
        'body_websites',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('badan_publik_id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=2000), nullable=False),
        sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['badan_publik_id'], ['badan_publik.id'],
                                name=op.f('fk_body_websites_badan_publik_id_badan_publik')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_body_websites_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_body_websites')),
        sa.UniqueConstraint('badan_publik_id', 'url',
                            name=op.f('uq_body_websites_badan_publik_id_url')),
    )
    op.create_index(op.f('ix_body_websites_badan_publik_id'), 'body_websites',
                    ['badan_publik_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_body_websites_badan_publik_id'), table_name='body_websites')
    op.drop_table('body_websites')
    with op.batch_alter_table('badan_publik') as batch:
        batch.drop_column('email')
