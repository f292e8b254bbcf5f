"""Running Alembic from code: the CLI, the run command and the tests use these."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from gateway.db.base import Base
from gateway.db.session import make_engine

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


class NewerDatabase(RuntimeError):
    """The database carries a revision this code does not know: a newer gateway migrated it."""

    def __init__(self, unknown: list[str], heads: list[str]) -> None:
        self.unknown = unknown
        self.heads = heads
        super().__init__(
            f"the database was migrated by a newer gateway (revision {', '.join(unknown)}; this version "
            f"knows up to {', '.join(heads)}): run that version or restore a backup made for this one. "
            f"База данных обновлена более новой версией шлюза (ревизия {', '.join(unknown)}): запустите "
            "эту версию или восстановите резервную копию, сделанную для текущей."
        )


def database_revisions(url: str) -> list[str]:
    """The revisions recorded in the database (empty for a fresh one)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()


def refuse_newer(url: str) -> None:
    """Stop before Alembic does anything when the database is ahead of this code: downgrading
    silently, or failing half-way with Alembic's "Can't locate revision", are both worse."""
    script = ScriptDirectory.from_config(alembic_config(url))
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [rev for rev in database_revisions(url) if rev not in known]
    if unknown:
        raise NewerDatabase(unknown, list(script.get_heads()))


def upgrade(url: str, revision: str = "head") -> None:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    refuse_newer(url)
    command.upgrade(alembic_config(url), revision)


def heads(url: str) -> list[str]:
    return list(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def model_drift(engine: Engine) -> list[object]:
    """Differences between the models and the migrated database (empty when they agree)."""
    import gateway.models  # noqa: F401

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(ctx, Base.metadata))


def engine_for(url: str) -> Engine:
    return make_engine(url)
