"""Admin endpoints for tests and benchmarks (no auth: bind the emulator to 127.0.0.1).

GET    /__admin/health            readiness probe: {"ok": true, "stats": {...}}
GET    /__admin/faults            current fault settings and how many faults were injected
POST   /__admin/faults            replace the fault settings (JSON of FaultConfig fields)
DELETE /__admin/faults            back to no faults
POST   /__admin/mutate            {"action": "member_moved", "count": 10, "member": ref?, ...}
                                  → {"changed": [refs]} ; actions: see mutations.MUTATIONS
GET|DELETE /__admin/requests      the last 2,000 requests [method, path, decoded query] / forget them
GET    /__admin/nodes             exchange-plan nodes with their refs and message numbers
GET|POST /__admin/exchange        the change feed: {"published": bool (SelectChanges and
                                  NotifyChangesReceived published), "message_limit": objects per
                                  message (0 = all), "node_deletion_mark": bool (the gateway's node)}
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

from .faults import FaultConfig, Faults
from .faults_errors import ODataFault
from .store import Store

if TYPE_CHECKING:
    from .app import EmulatorApp


def _json(payload: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(payload, ensure_ascii=False), status=status, content_type="application/json;charset=utf-8"
    )


class AdminApi:
    def __init__(self, store: Store, faults: Faults, app: EmulatorApp) -> None:
        self.store = store
        self.faults = faults
        self.app = app

    def handle(self, request: Request) -> Response:
        route = (request.method, request.path[len("/__admin/") :].rstrip("/"))
        try:
            if route == ("GET", "health"):
                return _json({"ok": True, "stats": self.store.stats(), "counters": dict(self.app.counters)})
            if route == ("GET", "requests"):
                return _json([list(r) for r in self.app.recent])
            if route == ("DELETE", "requests"):
                self.app.recent.clear()
                return _json([])
            if route == ("GET", "faults"):
                return _json(self.faults.state())
            if route == ("POST", "faults"):
                try:
                    self.faults.set(FaultConfig.from_dict(request.get_json(force=True) or {}))
                except (TypeError, ValueError) as exc:
                    return _json({"error": str(exc)}, 400)
                return _json(self.faults.state())
            if route == ("DELETE", "faults"):
                self.faults.set(FaultConfig())
                return _json(self.faults.state())
            if route == ("POST", "mutate"):
                params = dict(request.get_json(force=True) or {})
                action = str(params.pop("action", ""))
                return _json({"action": action, "changed": self.store.mutate(action, params)})
            if route in (("GET", "exchange"), ("POST", "exchange")):
                if request.method == "POST":
                    self._exchange(dict(request.get_json(force=True) or {}))
                odata = self.app.odata
                return _json({"published": odata.exchange_published, "message_limit": odata.message_limit})
            if route == ("GET", "nodes"):
                rows = (
                    self.store.conn()
                    .execute("SELECT ref, code, sent_no, received_no, this_node FROM nodes ORDER BY code")
                    .fetchall()
                )
                return _json(
                    [
                        {"ref": r, "code": c, "sent_no": s, "received_no": rc, "this_node": bool(t)}
                        for r, c, s, rc, t in rows
                    ]
                )
        except ODataFault as fault:
            return _json({"error": fault.message}, fault.status)
        return _json({"error": f"no admin route {route[0]} {route[1]}"}, 404)

    def _exchange(self, params: dict[str, Any]) -> None:
        unknown = set(params) - {"published", "message_limit", "node_deletion_mark"}
        if unknown:
            raise ODataFault(400, "9", f"unknown exchange setting(s): {', '.join(sorted(unknown))}")
        if "published" in params:
            self.app.odata.exchange_published = bool(params["published"])
        if "message_limit" in params:
            self.app.odata.message_limit = max(0, int(params["message_limit"]))
        if "node_deletion_mark" in params:
            code = self.store.mapping.exchange.node_code
            mark = 1 if params["node_deletion_mark"] else 0
            self.store.write(
                lambda conn: conn.execute("UPDATE nodes SET deletion_mark = ? WHERE code = ?", (mark, code))
            )
