"""The request's database session: opened on first use, committed once at the end of a request
that succeeded (status < 400), rolled back otherwise."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from gateway.settings import Settings


def get_session() -> Session:
    if "db_session" not in g:
        factory: sessionmaker[Session] = current_app.extensions["gateway.sessionmaker"]
        g.db_session = factory()
    return g.db_session


def get_settings_from_app() -> Settings:
    return current_app.extensions["gateway.settings"]


def init_request_session(app: Flask) -> None:
    @app.after_request
    def _commit(response: Any) -> Any:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            try:
                if response.status_code < 400:
                    session.commit()
                else:
                    session.rollback()
            finally:
                session.close()
        return response

    @app.teardown_request
    def _cleanup(exc: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.rollback()
            session.close()
