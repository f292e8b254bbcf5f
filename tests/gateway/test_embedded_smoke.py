"""Smoke test of the embedded default: SQLite database, SQLite broker, web + worker + beat.

Runs ``gateway embedded`` as the README's run command does (minus the venv set-up) in a temporary
data directory and drives it over real HTTP.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.helpers import free_port, wait_for


@pytest.fixture()
def embedded(tmp_path: Path):  # type: ignore[no-untyped-def]
    port = free_port()
    env = dict(os.environ)
    env.update(
        GATEWAY_DATABASE_URL=f"sqlite:///{tmp_path}/gateway.sqlite",
        GATEWAY_BROKER_URL=f"sqla+sqlite:///{tmp_path}/broker.sqlite",
        GATEWAY_DATA_DIR=str(tmp_path),
        GATEWAY_SECRET_KEY="smoke-test-secret-key-0123456789",
        GATEWAY_ENVIRONMENT="development",
    )
    out = open(tmp_path / "embedded.out", "wb")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gateway.cli",
            "embedded",
            "--port",
            str(port),
            "--members",
            "300",
            "--regions",
            "2",
        ],
        env=env,
        cwd=tmp_path,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    # Start-up migrates, loads the demo registry through the emulator and starts four processes:
    # seconds on an idle machine, but far longer on a loaded one, so wait generously and say why
    # when it never came up instead of failing later on a refused connection.
    def answering() -> bool:
        if proc.poll() is not None:
            raise AssertionError((tmp_path / "embedded.out").read_text(errors="replace"))
        return requests.get(base + "/api/v1/openapi.json", timeout=1).ok

    try:
        wait_for(
            answering,
            timeout=180,
            interval=0.3,
            retry_on=(requests.ConnectionError,),
            what=lambda: (
                "the embedded service to answer:\n"
                + (tmp_path / "embedded.out").read_text(errors="replace")[-4000:]
            ),
        )
    except AssertionError:
        proc.kill()
        raise
    yield base, tmp_path
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    finally:
        out.close()


def test_embedded_default_takes_an_upload_end_to_end(embedded) -> None:  # type: ignore[no-untyped-def]
    base, data_dir = embedded
    demo = json.loads((data_dir / "demo-loaded.json").read_text(encoding="utf-8"))
    token = demo["api_tokens"]["region_77"]
    with sqlite3.connect(data_dir / "gateway.sqlite") as conn:
        refs = [
            r[0]
            for r in conn.execute(
                "SELECT m.onec_ref FROM members m JOIN organisations o ON o.id = m.region_id "
                "WHERE o.region_code = '77' AND m.consent AND m.left_on IS NULL AND NOT m.deletion_mark "
                # the demo registry comes from the 1C emulator, whose own card orders were synced
                "AND m.id NOT IN (SELECT member_id FROM card_orders) LIMIT 3"
            )
        ]
    assert len(refs) == 3
    h = {"Authorization": f"Bearer {token}"}
    # SQLite stores UUIDs as 32 hex digits; the API takes any GUID spelling.
    single = requests.post(base + "/api/v1/orders", json={"member_ref": refs[0]}, headers=h, timeout=10)
    assert single.status_code == 201, single.text
    csv = "Код 1С;Причина\r\n" + "".join(f"{r};первичный\r\n" for r in refs[1:])
    up = requests.post(
        base + "/api/v1/uploads", files={"file": ("z.csv", csv.encode("cp1251"))}, headers=h, timeout=10
    )
    assert up.status_code == 202, up.text
    status = wait_for(
        lambda: (
            (s := requests.get(base + up.json()["status_url"], headers=h, timeout=5).json())["state"]
            == "done"
            and s
        ),
        interval=0.3,
        what="the upload to be done",
    )
    assert status["accepted_rows"] == 2, status
    op = {"Authorization": f"Bearer {demo['api_tokens']['operator']}"}
    with sqlite3.connect(data_dir / "gateway.sqlite") as conn:
        waiting = conn.execute("SELECT count(*) FROM card_orders WHERE state = 'accepted'").fetchone()[0]
    formed = requests.post(base + "/api/v1/batches", json={}, headers=op, timeout=10)
    assert formed.status_code == 201 and formed.json()["items"][0]["card_count"] == waiting >= 3
