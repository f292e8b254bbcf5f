"""Shared fixtures: a real PostgreSQL database built by the migrations, per-test rollback.

``GATEWAY_TEST_DATABASE_URL`` picks the database (default: the local ``test`` database).
Tests that need committed data (a real Celery worker, parallel transactions) use ``committed_app``
and the tables are emptied after them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from kombu import Queue
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

from gateway.db.session import make_engine
from gateway.settings import Settings, load_settings

TEST_DB_URL = os.environ.get("GATEWAY_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
TEST_BROKER_URL = os.environ.get("GATEWAY_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")


def make_test_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": TEST_DB_URL,
        "broker_url": TEST_BROKER_URL,
        "secret_key": "test-secret-key-not-for-production",
    }
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return make_test_settings()


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    from gateway.db.migrate import upgrade

    eng = make_engine(settings.database_url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(settings.database_url)
    yield eng
    eng.dispose()


@pytest.fixture()
def connection(engine: Engine) -> Iterator[Connection]:
    conn = engine.connect()
    trans = conn.begin()
    yield conn
    trans.rollback()
    conn.close()


@pytest.fixture()
def session_factory(connection: Connection) -> sessionmaker[Session]:
    # Every session of the test joins the outer transaction; their commits become savepoints.
    return sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


@pytest.fixture()
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    session = session_factory()
    yield session
    session.close()


# Where the rolled-back ``app`` sends its tasks (see there).
ROLLBACK_QUEUE = "gateway.rolled-back-tests"


@pytest.fixture()
def app(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[Any]:
    from gateway.app import create_app

    application = create_app(settings)
    application.extensions["gateway.sessionmaker"] = session_factory
    application.config["TESTING"] = True
    # Tasks this app sends go to a queue no worker consumes: their data lives in a transaction that
    # is rolled back, and the session-wide test worker would otherwise run them on this test's
    # connection. Tests that need a task run use ``worker_app``.
    celery = application.extensions["celery"]
    celery.conf.task_default_queue = ROLLBACK_QUEUE
    celery.conf.task_queues = [Queue(ROLLBACK_QUEUE)]
    yield application
    # Code that takes its own connections (locks, sequences) uses the app's engine: close them now
    # rather than leave them to the garbage collector.
    application.extensions["gateway.engine"].dispose()


@pytest.fixture()
def client(app: Any) -> Any:
    return app.test_client()


ALL_TABLES = (
    "events, outbox, upload_rows, idempotency_records, cards, card_orders, uploads, batch_region_counts, "
    "print_batches, card_number_counters, api_tokens, members, organisations"
)


def truncate_all(engine: Engine) -> None:
    with engine.begin() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
                )
            )
        ]
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="session")
def live_app(settings: Settings, engine: Engine) -> Iterator[Any]:
    """One app for the whole run whose requests and tasks really commit."""
    from gateway.app import create_app

    application = create_app(settings)
    application.config["TESTING"] = True
    yield application
    application.extensions["gateway.engine"].dispose()


@pytest.fixture()
def committed_app(live_app: Any, engine: Engine) -> Iterator[Any]:
    """``live_app`` with every table emptied before and after the test."""
    truncate_all(engine)
    yield live_app
    truncate_all(engine)


@pytest.fixture(scope="session")
def _celery_worker(live_app: Any) -> Iterator[Any]:
    from celery.contrib.testing.worker import start_worker

    celery = live_app.extensions["celery"]
    celery.control.purge()  # messages left by earlier runs would only confuse this one
    # Stopping a worker takes ~10 s (the consumer's drain timeout): start one per run, not per test.
    with start_worker(
        celery, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=15
    ) as w:
        yield w


@pytest.fixture()
def worker_app(committed_app: Any, _celery_worker: Any) -> Any:
    """A committed app with a real Celery worker consuming from RabbitMQ."""
    # Every create_app() (the ``app`` fixture of other tests) makes its Celery app the default,
    # and the thread-pool worker runs each task through the *default* app's registry: make it
    # this app's again, or tasks run inside a rolled-back test app's closed connection.
    celery = committed_app.extensions["celery"]
    celery.set_current()
    celery.set_default()
    return committed_app
