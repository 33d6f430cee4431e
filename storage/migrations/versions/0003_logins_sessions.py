"""logins and sessions: login events, session tokens, settings; demo accounts marked

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 19:00:00

1. ``login_events``: every failed and successful login, lock, unlock, logout, session end
   and password change (who as typed, the account when it exists, the client address).
2. ``user_sessions``: one row per logged-in browser (SHA-256 of the cookie's token, expiry,
   last use, revocation).
3. ``settings``: installation-wide values (the session-signing secret when
   ``MONEV_SECRET_KEY`` is not set).
4. ``users.demo`` (accounts made by ``python -m monev demo``; existing accounts whose
   username is one of the demo accounts' and whose display name is the demo's are marked)
   and ``users.password_changed_at``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# The demo accounts as monev.demo made them before this revision (username, display name).
_DEMO = (("admin", "Admin KI Sukamaju"), ("koordinator", "Rina Marlina (PPID Diskominfo)"),
         ("evaluator", "Agus Setiawan (Verifikator)"), ("pejabat", "Hendra Gunawan (Ketua KI)"))


def upgrade() -> None:
    op.create_table(
        'login_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('user_agent', sa.String(length=300), nullable=False),
        sa.Column('by_user_id', sa.Integer(), nullable=True),
        sa.Column('detail', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['by_user_id'], ['users.id'],
                                name=op.f('fk_login_events_by_user_id_users')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_login_events_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_login_events')),
    )
    op.create_index('ix_login_events_address_at', 'login_events', ['address', 'at'])
    op.create_index('ix_login_events_at', 'login_events', ['at'])
    op.create_index('ix_login_events_username_at', 'login_events', ['username', 'at'])
    op.create_table(
        'user_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column('revoked_reason', sa.String(length=30), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('user_agent', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_user_sessions_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_user_sessions_token_hash')),
    )
    op.create_index('ix_user_sessions_user', 'user_sessions', ['user_id', 'revoked_at'])
    op.create_table(
        'settings',
        sa.Column('key', sa.String(length=100), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_settings')),
    )
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('demo', sa.Boolean(), server_default=sa.text('false'),
                                   nullable=False))
        batch.add_column(sa.Column('password_changed_at',
                                   storage.models.UTCDateTime(timezone=True), nullable=True))
    users = sa.table('users', sa.column('username', sa.String),
                     sa.column('display_name', sa.String), sa.column('demo', sa.Boolean))
    for username, display_name in _DEMO:
        op.execute(sa.update(users).where(users.c.username == username,
                                          users.c.display_name == display_name)
                   .values(demo=True))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('password_changed_at')
        batch.drop_column('demo')
    op.drop_table('settings')
    op.drop_index('ix_user_sessions_user', table_name='user_sessions')
    op.drop_table('user_sessions')
    op.drop_index('ix_login_events_username_at', table_name='login_events')
    op.drop_index('ix_login_events_at', table_name='login_events')
    op.drop_index('ix_login_events_address_at', table_name='login_events')
    op.drop_table('login_events')
