"""The embedded default: everything on one machine, nothing to install by hand.

``gateway embedded`` migrates the SQLite database, loads the demo data once, and supervises the
web service, a Celery worker and beat on kombu's SQLAlchemy transport (also SQLite). If one child
dies the others are stopped, so a broken start is never mistaken for a running gateway.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from gateway.settings import Settings

DEMO_MARKER = "demo-loaded.json"


def _gateway_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "gateway.cli", *args]


def prepare(settings: Settings, *, members: int, regions: int) -> dict[str, object]:
    """Migrate and load the demo data the first time; return the demo credentials."""
    from gateway.accounts.api_tokens import create_token
    from gateway.db.migrate import upgrade
    from gateway.db.session import make_engine, make_sessionmaker, unit_of_work
    from gateway.devtools.demo_registry import generate_registry
    from gateway.models import Organisation, OrgKind, TokenKind

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.database_url)
    if settings.onec.emulator:  # the 1C emulator as a child process (see gateway/devtools/onec_emulator.py)
        from gateway.devtools.onec_emulator import start_emulator

        settings = start_emulator(settings, members=members)
    marker = settings.data_dir / DEMO_MARKER
    if marker.exists():
        return json.loads(marker.read_text(encoding="utf-8"))
    engine = make_engine(settings.database_url)
    if settings.onec.emulator:
        from gateway.devtools.onec_emulator import load_registry

        load_registry(settings, engine)
    else:
        generate_registry(engine, regions=regions, members=members)
    tokens: dict[str, object] = {}
    from sqlalchemy import select

    with unit_of_work(make_sessionmaker(engine)) as s:
        _t, tokens["operator"] = create_token(s, name="demo operator", kind=TokenKind.OPERATOR)
        _t, tokens["onec_sync"] = create_token(s, name="demo 1C sync", kind=TokenKind.ONEC_SYNC)
        region = s.scalars(
            select(Organisation)
            .where(Organisation.kind == OrgKind.REGION)
            .order_by(Organisation.region_code != "77", Organisation.id)  # Moscow first when present
        ).first()
        assert region is not None
        _t, plain = create_token(
            s, name=f"demo region {region.region_code}", kind=TokenKind.REGION, region_id=region.id
        )
        tokens[f"region_{region.region_code}"] = plain
        from gateway.accounts.users import create_demo_users

        users = create_demo_users(s, region)  # web users, one per role
        from gateway.virtual.demo import load_virtual_demo

        virtual = load_virtual_demo(s, settings, region.id)  # virtual cards and a partner token
        tokens["partner"] = virtual.pop("partner_token")
    engine.dispose()
    demo = {"api_tokens": tokens, "users": users, "virtual": virtual}
    marker.write_text(json.dumps(demo, ensure_ascii=False, indent=2), encoding="utf-8")
    os.chmod(marker, 0o600)
    return demo


def supervise(settings: Settings, *, host: str, port: int) -> int:
    env = dict(os.environ)
    from gateway.metrics import fresh_multiproc_dir

    # One multi-process directory for every child: /metrics sums the web's and the workers' counters.
    env["PROMETHEUS_MULTIPROC_DIR"] = str(fresh_multiproc_dir(settings.data_dir / "metrics"))
    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    children: dict[str, subprocess.Popen[bytes]] = {}
    specs = {
        "web": _gateway_cmd("serve", "--host", host, "--port", str(port)),
        "worker": _gateway_cmd("worker", "--pool", "threads", "--concurrency", "4"),
        "beat": _gateway_cmd("beat"),
        "station": _gateway_cmd("station", "--name", "main"),  # print station: spool printer, chips
    }
    from gateway.devtools.demo_station import station_environment

    station_env, pcscd = station_environment(settings, env)
    for name, cmd in specs.items():
        # The web service talks to the terminal; the others to log files beside the data.
        out = None if name == "web" else open(logs / f"{name}.log", "ab")  # noqa: SIM115 - lives with the child
        child_env = station_env if name == "station" else env
        children[name] = subprocess.Popen(cmd, env=child_env, stdout=out, stderr=subprocess.STDOUT)
    from gateway.devtools.onec_emulator import emulator_children

    children.update(emulator_children())  # watched and stopped like the others
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    try:
        while not stopping:
            for name, proc in children.items():
                if proc.poll() is not None:
                    print(
                        f"{name} exited with code {proc.returncode}; see {logs / (name + '.log')}",
                        file=sys.stderr,
                    )
                    code = proc.returncode or 1
                    stopping = True
            time.sleep(0.5)
    finally:
        for proc in children.values():
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 15
        for proc in children.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        if pcscd is not None:
            pcscd.stop()  # only if this run started it
    return code


def banner(host: str, port: int, demo: dict[str, object], data_dir: Path) -> str:
    lines = [
        "",
        f"  Gateway:  http://{host}:{port}/",
        f"  API docs: http://{host}:{port}/api/v1/openapi.json",
        "  Demo API tokens (Authorization: Bearer …):",
    ]
    for name, value in demo.get("api_tokens", {}).items():  # type: ignore[union-attr]
        lines.append(f"    {name:12s} {value}")
    for name, value in demo.get("users", {}).items():  # type: ignore[union-attr]
        lines.append(f"    user {name:12s} password: {value}")
    if demo.get("virtual"):
        lines.append(f"  Virtual ЭПБ (personal account demo): http://{host}:{port}/demo/personal-account")
    lines.append(f"  Data and logs: {data_dir}")
    lines.append("")
    return "\n".join(lines)
