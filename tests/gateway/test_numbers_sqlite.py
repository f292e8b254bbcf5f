"""Card numbers on the embedded SQLite database behave exactly as the README says: a rolled-back
draw is drawn again (no gap), and a number on a committed card is never handed out again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from gateway.cards.numbering import allocate_numbers
from gateway.db.migrate import upgrade
from gateway.db.session import make_engine, make_sessionmaker
from gateway.settings import NumberScheme


@pytest.fixture()
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'numbers.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_rolled_back_numbers_are_drawn_again_committed_ones_never(sqlite_engine: Engine) -> None:
    factory = make_sessionmaker(sqlite_engine)
    scheme = NumberScheme()
    with factory() as s:
        committed = allocate_numbers(s, scheme, "77", 3)
        s.commit()
    with factory() as s:
        rolled_back = allocate_numbers(s, scheme, "77", 2)
        s.rollback()
    session: Session
    with factory() as session:
        again = allocate_numbers(session, scheme, "77", 2)
        session.commit()
    assert again == rolled_back  # SQLite gives them back: the README says so
    assert not set(again) & set(committed)
