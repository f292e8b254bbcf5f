"""Migrations are the only source of the schema: they must agree with the models."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from gateway.db.migrate import heads, model_drift
from gateway.settings import Settings


def test_single_migration_head(settings: Settings) -> None:
    assert len(heads(settings.database_url)) == 1


def test_models_match_migrations(engine: Engine) -> None:
    assert model_drift(engine) == []


def test_events_are_append_only(engine: Engine) -> None:
    with engine.connect() as conn, conn.begin():
        conn.execute(
            text(
                "INSERT INTO events (entity_type, entity_id, to_state, actor, created_at) VALUES ('card', 1, 'x', 't', now())"
            )
        )
        with pytest.raises(DBAPIError, match="append-only"), conn.begin_nested():
            conn.execute(text("UPDATE events SET actor = 'forged'"))
        with pytest.raises(DBAPIError, match="append-only"), conn.begin_nested():
            conn.execute(text("DELETE FROM events"))
        conn.rollback()
