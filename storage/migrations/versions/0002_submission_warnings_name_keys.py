"""submission warnings; badan publik name and alias keys recomputed

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 09:00:00

1. ``submissions.warnings`` (JSON, default ``[]``): the reader's warnings (W4xx) about an
   accepted file, kept with the stored submission so the verifikator sees them.
2. ``badan_publik.name_key`` and ``aliases.alias_key`` recomputed with the current
   :func:`questionnaires.aliases.normalise` (NFKC, typographic quotes and dashes folded,
   zero-width characters dropped), so ``Syari’at`` and ``Syari'at`` are one body. When two
   bodies (or two aliases) of one KI now get the same key, the older row (lower id) keeps
   it and the later one gets a key :func:`normalise` can never produce (the key followed by
   `` [dup <id>]``; normalise turns brackets into spaces), so it stays a separate body that
   no typed name matches until a person merges or renames it; each case is logged. An alias
   whose new key is the name of another body of its KI is made unmatchable the same way
   (the name would win anyway). The migration never fails on such a collision.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

from questionnaires.aliases import normalise

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

_bodies = sa.table("badan_publik", sa.column("id", sa.Integer), sa.column("ki", sa.String),
                   sa.column("name", sa.String), sa.column("name_key", sa.String))
_aliases = sa.table("aliases", sa.column("id", sa.Integer), sa.column("ki", sa.String),
                    sa.column("badan_publik_id", sa.Integer), sa.column("alias", sa.String),
                    sa.column("alias_key", sa.String))


KEY_LENGTH = 300  # badan_publik.name_key and aliases.alias_key are VARCHAR(300)


def unmatchable(key: str, row_id: int) -> str:
    """A key no typed name can match (normalise never keeps '[')."""
    suffix = f" [dup {row_id}]"
    return key[:KEY_LENGTH - len(suffix)] + suffix


def _apply(connection: sa.Connection, table: sa.TableClause, column: str,
           new_keys: dict[int, str], old_keys: dict[int, str]) -> int:
    """Write new keys without tripping UNIQUE(ki, key) midway: changed rows first get a
    temporary key unique by id, then their final key."""
    changed = {i: k for i, k in new_keys.items() if k != old_keys[i]}
    key = table.c[column]
    for row_id in changed:
        connection.execute(sa.update(table).where(table.c.id == row_id)
                           .values({key: f"[migrating {row_id}]"}))
    for row_id, new in changed.items():
        connection.execute(sa.update(table).where(table.c.id == row_id).values({key: new}))
    return len(changed)


def recompute_keys(connection: sa.Connection) -> None:
    """Recompute every name_key and alias_key with the current normalise (see above)."""
    bodies = connection.execute(sa.select(_bodies.c.id, _bodies.c.ki, _bodies.c.name,
                                          _bodies.c.name_key).order_by(_bodies.c.id)).all()
    taken: dict[tuple[str, str], int] = {}  # (ki, key) → body id
    new_names: dict[int, str] = {}
    for body_id, ki, name, _old in bodies:
        key = normalise(name)
        owner = taken.get((ki, key))
        if owner is not None:
            log.warning("badan publik #%s %r of %r has the same name as #%s after "
                        "normalisation; its key is made unmatchable (%r) until a person "
                        "merges or renames it", body_id, name, ki, owner,
                        unmatchable(key, body_id))
            key = unmatchable(key, body_id)
        taken[(ki, key)] = body_id
        new_names[body_id] = key
    changed = _apply(connection, _bodies, "name_key", new_names,
                     {b.id: b.name_key for b in bodies})

    aliases = connection.execute(sa.select(
        _aliases.c.id, _aliases.c.ki, _aliases.c.badan_publik_id, _aliases.c.alias,
        _aliases.c.alias_key).order_by(_aliases.c.id)).all()
    alias_taken: dict[tuple[str, str], int] = {}  # (ki, key) → alias id
    new_aliases: dict[int, str] = {}
    for alias_id, ki, body_id, alias, _old in aliases:
        key = normalise(alias)
        name_owner = taken.get((ki, key))
        other_alias = alias_taken.get((ki, key))
        if name_owner is not None and name_owner != body_id:
            log.warning("alias #%s %r of badan publik #%s (%r) is now the name of badan "
                        "publik #%s; the alias is made unmatchable", alias_id, alias,
                        body_id, ki, name_owner)
            key = unmatchable(key, alias_id)
        elif other_alias is not None:
            log.warning("alias #%s %r (%r) is the same as alias #%s after normalisation; "
                        "the later one is made unmatchable", alias_id, alias, ki, other_alias)
            key = unmatchable(key, alias_id)
        alias_taken[(ki, key)] = alias_id
        new_aliases[alias_id] = key
    changed += _apply(connection, _aliases, "alias_key", new_aliases,
                      {a.id: a.alias_key for a in aliases})
    if changed:
        log.info("recomputed %s badan publik name/alias keys", changed)


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("warnings", sa.JSON(), nullable=False,
                                   server_default=sa.text("'[]'")))
    recompute_keys(op.get_bind())


def downgrade() -> None:
    # Keys stay as recomputed: the previous normalisation is gone (and was wrong).
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("warnings")
