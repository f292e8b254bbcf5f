"""./run.sh's embedded mode shows the virtual ЭПБ: on the SQLite database, demo members get virtual
cards, var/demo-loaded.json holds a partner token, and the personal-account page is served."""

from __future__ import annotations

import json
from pathlib import Path

from gateway.devtools.embedded_run import DEMO_MARKER, prepare
from gateway.settings import load_settings


def test_embedded_demo_has_virtual_cards_a_partner_token_and_the_page(tmp_path: Path) -> None:
    settings = load_settings(
        environment="development",
        database_url=f"sqlite:///{tmp_path / 'gateway.sqlite'}",
        broker_url=f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}",
        secret_key="embedded-demo-secret-key",
        data_dir=tmp_path,
        onec={"emulator": False},
    )
    demo = prepare(settings, members=300, regions=1)
    stored = json.loads((tmp_path / DEMO_MARKER).read_text(encoding="utf-8"))
    token = stored["api_tokens"]["partner"]
    refs = stored["virtual"]["member_refs"]
    assert token == demo["api_tokens"]["partner"] and len(refs) == 5  # type: ignore[index]

    from gateway.app import create_app

    app = create_app(settings)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    first = client.get(f"/api/v1/partner/members/{refs[0]}/card", headers=headers).json
    second = client.get(f"/api/v1/partner/members/{refs[1]}/card", headers=headers).json
    # The first demo member also ordered a plastic card: the same number, in the print queue.
    assert first["forms"] == ["plastic", "virtual"] and first["state"] == "allocated" and first["valid"]
    assert second["forms"] == ["virtual"] and second["state"] == "virtual" and second["pass_url"]
    check = client.post("/api/v1/partner/self-check", json=stored["virtual"]["self_check"], headers=headers)
    assert check.status_code == 200 and check.json["member_ref"] == refs[0]
    page = client.get("/demo/personal-account")
    assert page.status_code == 200 and "/demo/personal-account.js" in page.data.decode()
    assert client.get("/demo/personal-account.js").mimetype == "text/javascript"
    app.extensions["gateway.engine"].dispose()
