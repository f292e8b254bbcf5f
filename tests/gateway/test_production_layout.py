"""The production layout of the README and ``deploy/``, started for real: PostgreSQL, RabbitMQ,
two web processes (waitress), a Celery worker (prefork), beat, a print station and the 1C emulator,
each a separate ``gateway …`` process configured only through the environment as the systemd units
do. One order goes through to «Выдан» in 1C — across a backup (pg_dump) and a restore (pg_restore)
taken while its batch was running — and the systemd units pass ``systemd-analyze verify``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import click
import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.onec.emulator.process import EmulatorProcess
from card_printing.payload import generate_private_key, private_key_pem
from gateway.cli import main as gateway_cli
from gateway.settings import load_settings
from tests.conftest import TEST_BROKER_URL, TEST_DB_URL
from tests.helpers import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
GATEWAY_BIN = "/opt/gateway/.venv/bin/gateway"
UNITS = ["gateway-web@.service", "gateway-worker.service", "gateway-beat.service", "gateway-station@.service"]


# ---- the unit files ----------------------------------------------------------------------------


def _exec_start(unit: Path) -> list[str]:
    (line,) = [x for x in unit.read_text().splitlines() if x.startswith("ExecStart=")]
    return line.removeprefix("ExecStart=").split()


@pytest.mark.parametrize("unit", UNITS)
def test_each_unit_runs_a_gateway_command_with_options_it_knows(unit: str) -> None:
    argv = _exec_start(DEPLOY / unit)
    assert argv[0] == GATEWAY_BIN
    sub, args = (
        argv[1],
        [a.replace("%i", "8081" if "web" in unit else "main").replace("%H", "host") for a in argv[2:]],
    )
    command = gateway_cli.commands[sub]
    assert isinstance(command, click.Command)
    command.make_context(sub, args)  # raises on an unknown option or a bad value


def test_the_example_environment_file_is_a_valid_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    for line in (DEPLOY / "gateway.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("=", 1)
            monkeypatch.setenv(key, value)
    settings = load_settings()
    assert settings.environment == "production" and settings.ops.log_format == "json"
    assert settings.database_url.startswith("postgresql+psycopg://")


def test_systemd_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed on this machine")
    gateway = Path(sys.executable).with_name("gateway")
    assert gateway.exists(), "the venv's gateway script"
    env_file = tmp_path / "gateway.env"
    env_file.write_text("GATEWAY_ENVIRONMENT=production\n")
    names = []
    for unit in [*UNITS, "gateway.target"]:
        body = (DEPLOY / unit).read_text().replace(GATEWAY_BIN, str(gateway))
        body = body.replace("/etc/gateway/gateway.env", str(env_file))
        # verify checks instances, not templates: one instance of each, as systemctl would make it.
        name = unit.replace("@.", "@8081." if "web" in unit else "@main.")
        (tmp_path / name).write_text(body)
        names.append(str(tmp_path / name))
    result = subprocess.run(
        [analyze, "verify", "--man=no", *names], capture_output=True, text=True, timeout=120
    )
    problems = [
        line
        for line in result.stderr.splitlines()
        if re.search(r"Unknown|Failed|ignoring|not executable|Invalid", line)
    ]
    assert result.returncode == 0 and not problems, result.stderr


# ---- the layout, started ------------------------------------------------------------------------


def _admin_engine() -> Any:
    url = make_url(TEST_DB_URL).set(drivername="postgresql+psycopg", database="postgres")
    return create_engine(url, isolation_level="AUTOCOMMIT")


def _fresh_database(name: str) -> str:
    eng = _admin_engine()
    with eng.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return make_url(TEST_DB_URL).set(database=name).render_as_string(hide_password=False)


def _drop_database(name: str) -> None:
    eng = _admin_engine()
    with eng.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    eng.dispose()


def _own_vhost() -> str:
    """A RabbitMQ vhost of this test only: the suite's own worker consumes the ``gateway`` queue of
    the test vhost and must not take the layout's tasks."""
    parts = urlsplit(TEST_BROKER_URL)
    vhost = f"{unquote(parts.path.removeprefix('/')).strip('/') or 'test'}_layout"
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        pytest.skip("rabbitmqctl is not available to create the layout's own RabbitMQ vhost")
    subprocess.run([ctl, "add_vhost", vhost], capture_output=True, timeout=60)  # exists already: fine
    done = subprocess.run(
        [ctl, "set_permissions", "-p", vhost, parts.username or "guest", ".*", ".*", ".*"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot create a RabbitMQ vhost for the layout: {done.stderr.strip()[:200]}")
    return urlunsplit((parts.scheme, parts.netloc, "/" + quote(vhost, safe=""), "", ""))


def _pg_args(url: str) -> list[str]:
    u = make_url(url)
    return ["-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]


class Layout:
    """The gateway's processes, each ``gateway <command>`` with the environment of its unit."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir = workdir
        self.env = env
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "gateway.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"gateway {' '.join(args)}: {done.stdout}\n{done.stderr[-3000:]}"
        return done.stdout

    def start(self, name: str, *args: str) -> None:
        log = (self.workdir / f"{name}.log").open("ab")
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    def stop(self, *names: str) -> None:
        for name in names or list(self.procs):
            proc = self.procs.pop(name)
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)

    def alive(self) -> None:
        for name, proc in self.procs.items():
            assert proc.poll() is None, f"{name} exited with {proc.returncode}:\n{self.log(name)[-3000:]}"


def wait_in_layout(check: Callable[[], Any], layout: Layout, what: str, timeout: float = 90) -> Any:
    """``wait_for`` that fails at once, with its log, when a process of the layout has died."""

    def alive_and(check: Callable[[], Any] = check) -> Any:
        layout.alive()
        return check()

    # A connection refused or timed out: still starting, or a loaded machine.
    return wait_for(
        alive_and,
        timeout=timeout,
        interval=0.3,
        what=what,
        retry_on=(requests.ConnectionError, requests.Timeout),
    )


@pytest.fixture()
def layout(tmp_path: Path, engine: Any) -> Iterator[tuple[Layout, EmulatorProcess, str]]:
    base = make_url(TEST_DB_URL).database
    broker = _own_vhost()
    db_url = _fresh_database(f"{base}_layout")
    key = tmp_path / "card-signing.pem"
    key.write_bytes(private_key_pem(generate_private_key()))
    key.chmod(0o600)
    emulator = EmulatorProcess(data_file=tmp_path / "onec.sqlite", members=400).start()
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    station = "GATEWAY_PRINTING__STATIONS__MAIN__"
    env = {
        **os.environ,
        "GATEWAY_ENVIRONMENT": "production",
        "GATEWAY_DATABASE_URL": db_url,
        "GATEWAY_BROKER_URL": broker,
        "GATEWAY_SECRET_KEY": "layout-test-secret-key-0123456789",
        "GATEWAY_DATA_DIR": str(tmp_path / "data"),
        "GATEWAY_ONEC__BASE_URL": emulator.base_url,
        "GATEWAY_ONEC__USERNAME": emulator.user,
        "GATEWAY_ONEC__PASSWORD": emulator.password,
        "GATEWAY_ONEC__EMULATOR": "false",
        "GATEWAY_PRINTING__SIGNING_KEY_PATH": str(key),
        station + "PRINTER__KIND": "spool",
        station + "PRINTER__DIRECTORY": str(tmp_path / "spool"),
        station + "ENCODER__KIND": "memory",
        "GATEWAY_OPS__LOG_FORMAT": "json",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        # Short beat intervals so the test does not wait minutes; batches only when asked.
        "GATEWAY_SYNC__OUTBOX_MINUTES": "0.05",
        "GATEWAY_SYNC__OUTBOX_BASE_DELAY_SECONDS": "1",
        "GATEWAY_BATCHING__SPLIT_BY_REGION": "true",
        "GATEWAY_BATCHING__MAX_SIZE": "10000",
        "GATEWAY_BATCHING__MIN_SIZE": "10000",
    }
    lay = Layout(tmp_path, env)
    try:
        yield lay, emulator, f"{base}_layout"
    finally:
        lay.stop()
        emulator.stop()
        _drop_database(f"{base}_layout")
        _drop_database(f"{base}_restored")


def _start_central(lay: Layout, ports: list[int]) -> None:
    for i, port in enumerate(ports):
        lay.start(f"web{i + 1}", "serve", "--host", "127.0.0.1", "--port", str(port), "--threads", "4")
    lay.start(
        "worker",
        "worker",
        "-Q",
        "gateway",
        "--pool",
        "prefork",
        "--concurrency",
        "2",
        "--hostname",
        "worker@layout",
    )
    lay.start("beat", "beat")


def _ready(port: int) -> bool:
    return requests.get(f"http://127.0.0.1:{port}/readyz", timeout=30).status_code == 200


@pytest.mark.slow
@pytest.mark.timeout(900)  # eight processes start on a machine that may be busy with others
def test_production_layout_takes_an_order_to_issued_in_1c_across_a_backup_and_restore(
    layout: tuple[Layout, EmulatorProcess, str],
) -> None:
    lay, emulator, db_name = layout
    lay.run("db", "upgrade")
    lay.run("sync", "--full")
    region_token = json.loads(
        lay.run("token", "create", "--kind", "region", "--region", "77", "--name", "r77")
    )["token"]
    op_token = json.loads(lay.run("token", "create", "--kind", "operator", "--name", "op"))["token"]
    region_h = {"Authorization": f"Bearer {region_token}"}
    op_h = {"Authorization": f"Bearer {op_token}"}
    ports = [free_port(), free_port()]
    web = [f"http://127.0.0.1:{p}" for p in ports]
    _start_central(lay, ports)
    # Ready on both web processes: database at head, broker up, beat has sent its first job.
    for port in ports:
        wait_in_layout(lambda port=port: _ready(port), lay, f"/readyz on {port}", timeout=180)
    assert json.loads(lay.run("check"))["status"] == "ready"

    eng = create_engine(
        load_settings(database_url=lay.env["GATEWAY_DATABASE_URL"], secret_key="x" * 16).database_url
    )
    with eng.connect() as conn:
        member_ref = conn.scalar(
            text(
                "SELECT m.onec_ref FROM members m JOIN organisations o ON o.id = m.region_id "
                "WHERE o.region_code = '77' AND m.consent AND m.left_on IS NULL AND NOT m.deletion_mark "
                "AND m.id NOT IN (SELECT member_id FROM card_orders) ORDER BY m.id LIMIT 1"
            )
        )
    eng.dispose()
    assert member_ref is not None
    order = requests.post(
        web[0] + "/api/v1/orders", json={"member_ref": str(member_ref)}, headers=region_h, timeout=30
    )
    assert order.status_code == 201, order.text
    assert order.headers["X-Request-ID"]
    number = order.json()["card_number"]
    formed = requests.post(web[1] + "/api/v1/batches", json={}, headers=op_h, timeout=30)
    assert formed.status_code == 201, formed.text
    batch_id = requests.get(
        web[0] + f"/api/v1/orders/{order.json()['id']}", headers=region_h, timeout=30
    ).json()["batch_id"]
    started = requests.post(
        web[1] + f"/api/v1/batches/{batch_id}/start", json={"station": "main"}, headers=op_h, timeout=30
    )
    assert started.status_code == 200, started.text

    # Backup while the batch runs (its card messages wait in the station's queue), as the README says:
    # pg_dump of the database; the signing key file is kept beside it.
    dump = lay.workdir / "gateway.dump"
    subprocess.run(
        ["pg_dump", "-Fc", *_pg_args(TEST_DB_URL), "-f", str(dump), db_name], check=True, timeout=300
    )
    lay.stop()

    # Restore into a new database (a new server) and start everything there, the station included.
    restored_name = db_name.removesuffix("_layout") + "_restored"
    restored = _fresh_database(restored_name)
    subprocess.run(
        ["pg_restore", "--no-owner", *_pg_args(TEST_DB_URL), "-d", restored_name, str(dump)],
        check=True,
        timeout=300,
    )
    lay.env["GATEWAY_DATABASE_URL"] = restored
    lay.run("db", "upgrade")  # a no-op at head, as after every restore
    _start_central(lay, ports)
    lay.start("station", "station", "--name", "main")

    def batch_state() -> str:
        return requests.get(web[0] + f"/api/v1/batches/{batch_id}", headers=op_h, timeout=30).json()["state"]

    wait_in_layout(
        lambda: batch_state() == "produced", lay, "the batch printed after the restore", timeout=300
    )
    # A batch is dispatched only with a balanced, signed-off blank-stock report.
    stock_url = web[1] + f"/api/v1/batches/{batch_id}/stock"
    stock = requests.get(stock_url, headers=op_h, timeout=30).json()
    drawn = stock["produced"] + stock["spoiled"]
    recorded = requests.put(stock_url, json={"drawn": drawn}, headers=op_h, timeout=30)
    assert recorded.status_code == 200 and recorded.json()["balanced"], recorded.text
    signed = requests.post(stock_url + "/sign-off", headers=op_h, timeout=30)
    assert signed.status_code == 200, signed.text
    dispatched = requests.post(web[1] + f"/api/v1/batches/{batch_id}/dispatch", headers=op_h, timeout=30)
    assert dispatched.status_code == 200, dispatched.text

    from gateway.sync.connect import open_registry

    registry = open_registry(
        load_settings(
            **{
                "secret_key": "x" * 16,
                "onec": {
                    "base_url": emulator.base_url,
                    "username": emulator.user,
                    "password": emulator.password,
                },
            }
        )
    )
    try:
        issued_before = registry.count_statuses()["issued"]
        issued = requests.post(web[0] + f"/api/v1/cards/{number}/issue", headers=region_h, timeout=30)
        assert issued.status_code == 200, issued.text
        # Beat sends the delivery job every 3 s; the worker pushes «Выдан» to 1C.
        wait_in_layout(
            lambda: registry.count_statuses()["issued"] == issued_before + 1,
            lay,
            "«Выдан» in 1C",
            timeout=240,
        )
    finally:
        registry.close()

    # Metrics of both web processes (and the worker's 1C calls) in any one scrape.
    body = requests.get(web[1] + "/metrics", timeout=30).text
    assert re.search(
        r'gateway_http_request_seconds_count\{endpoint="api_v1.submit_order",method="POST",status="2xx"\} 1\.0',
        body,
    ), body[:3000]
    assert re.search(r'gateway_onec_request_seconds_count\{method="POST"\} [1-9]', body)
    assert re.search(r'gateway_orders\{state="issued"\} 1\.0', body)
    # JSON log lines, one object each, in every process.
    for name in ("web1", "worker", "station"):
        lines = [x for x in lay.log(name).splitlines() if x.startswith("{")]
        assert lines and all(json.loads(x)["level"] for x in lines), name
