"""Print station fixtures: committed data, a station worker run as a real process.

The station worker is ``gateway station --name main`` in a subprocess (real Celery on the test
broker vhost, real PostgreSQL), its printer the dev spool printer driven through a control file,
its encoder the real PC/SC stack (pcscd + vpcd) with a fresh virtual chip in every blank card.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from adapters.pcsc.devstack import PcscdHandle
from adapters.printers.devspool import write_control
from card_printing.payload import generate_private_key, private_key_pem
from gateway.batching.service import form_batches
from gateway.cards.numbering import allocate_numbers
from gateway.db.session import unit_of_work
from gateway.lifecycle import record_creation
from gateway.models import Card, CardOrder, CardState, OrderReason, OrderSource, OrderState, TokenKind
from gateway.settings import BatchingRules
from tests.conftest import TEST_BROKER_URL, TEST_DB_URL
from tests.factories import make_member, make_primary, make_region, make_token

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Demo:
    operator: str
    region_tokens: dict[str, str]
    batch_id: int
    region_ids: dict[str, int] = field(default_factory=dict)


def make_batch(app: Any, per_region: dict[str, int]) -> Demo:
    """Regions with members, one accepted order + allocated card each, formed into one batch."""
    factory = app.extensions["gateway.sessionmaker"]
    settings = app.extensions["gateway.settings"]
    with unit_of_work(factory) as s:
        operator = make_token(s, TokenKind.OPERATOR)
        tokens, region_ids = {}, {}
        for code, count in per_region.items():
            region = make_region(s, code)
            region_ids[code] = region.id
            tokens[code] = make_token(s, TokenKind.REGION, region)
            primary = make_primary(s, region)
            for i in range(count):
                member = make_member(s, primary, surname=f"Тестова{i}", birth_date=dt.date(1970, 1, 1 + i))
                order = CardOrder(
                    member_id=member.id,
                    region_id=region.id,
                    reason=OrderReason.FIRST,
                    source=OrderSource.API,
                    submitted_by="test",
                    state=OrderState.ACCEPTED,
                )
                s.add(order)
                s.flush()
                record_creation(s, order, actor="test")
                number = allocate_numbers(s, settings.numbers, code, 1)[0]
                card = Card(
                    number=number,
                    order_id=order.id,
                    member_id=member.id,
                    region_id=region.id,
                    state=CardState.ALLOCATED,
                )
                s.add(card)
                s.flush()
                record_creation(s, card, actor="test")
        batches = form_batches(s, BatchingRules(min_size=1, max_size=1000), actor="test", force=True)
        assert len(batches) == 1
        batch_id = batches[0].id
    return Demo(operator, tokens, batch_id, region_ids)


def cards_of(app: Any, batch_id: int | None = None) -> list[Card]:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        stmt = select(Card).order_by(Card.id)
        if batch_id is not None:
            stmt = stmt.where(Card.batch_id == batch_id)
        return list(s.scalars(stmt))


@pytest.fixture(scope="session")
def signing_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "card-signing.pem"
    path.write_bytes(private_key_pem(generate_private_key()))
    return path


class StationProcess:
    """``gateway station --name <name>`` as a child process, started and killed by the test. Its
    chips are written through the vpcd reader on ``vpcd_port`` (35963 or 35964: the two readers)."""

    def __init__(self, workdir: Path, key: Path, name: str = "main", vpcd_port: int = 35963) -> None:
        self.name = name
        self.workdir = workdir
        self.control = workdir / "control.json"
        self.spool = workdir / "spool"
        self.log = workdir / "station.log"
        self.proc: subprocess.Popen[bytes] | None = None
        prefix = f"GATEWAY_PRINTING__STATIONS__{name.upper()}__"
        reader = {35963: "^Virtual PCD 00 00", 35964: "^Virtual PCD 00 01"}[vpcd_port]
        self.env = {
            **os.environ,
            "GATEWAY_ENVIRONMENT": "test",
            "GATEWAY_DATABASE_URL": TEST_DB_URL,
            "GATEWAY_BROKER_URL": TEST_BROKER_URL,
            "GATEWAY_SECRET_KEY": "test-secret-key-not-for-production",
            "GATEWAY_DATA_DIR": str(workdir),
            "GATEWAY_PRINTING__SIGNING_KEY_PATH": str(key),
            prefix + "PRINTER__KIND": "spool",
            prefix + "PRINTER__DIRECTORY": str(self.spool),
            prefix + "PRINTER__CONTROL_FILE": str(self.control),
            prefix + "PRINTER__VIRTUAL_CHIP": "mifare_classic_1k",
            prefix + "PRINTER__VIRTUAL_CHIP_PORT": str(vpcd_port),
            prefix + "ENCODER__KIND": "pcsc",
            prefix + "ENCODER__READER_PATTERN": reader,
            prefix + "ENCODER__CARD_TIMEOUT_S": "3",
        }

    def control_switches(self, **switches: Any) -> None:
        write_control(self.control, **switches)

    def start(self) -> None:
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", "station", "--name", self.name],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def manifests(self) -> list[dict[str, Any]]:
        import json

        return [json.loads(p.read_text()) for p in sorted(self.spool.glob("*.json"))]


def _purge_station_queue(app: Any, name: str = "main") -> None:
    # Messages an earlier interrupted run left for this station would only confuse this one.
    from kombu import Queue

    with app.extensions["celery"].connection_for_write() as conn:
        queue = Queue(f"station.{name}", routing_key=f"station.{name}", channel=conn.default_channel)
        queue.declare()
        queue.purge()


@pytest.fixture
def station(
    pcscd: PcscdHandle, tmp_path: Path, signing_key_file: Path, live_app: Any
) -> Iterator[StationProcess]:
    _purge_station_queue(live_app)
    proc = StationProcess(tmp_path, signing_key_file)
    yield proc
    proc.stop()
