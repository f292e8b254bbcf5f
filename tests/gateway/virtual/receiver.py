"""A real local HTTP server standing in for a partner's webhook endpoint: it checks the signature
as a partner must, records what it got, and answers with the statuses it is told to."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from gateway.virtual.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature


class Receiver:
    def __init__(self, secret: str, answers: list[int] | None = None) -> None:
        self.secret = secret
        self.answers = list(answers or [])  # statuses to answer in turn; then 204
        self.received: list[dict[str, Any]] = []
        self.bad_signatures = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                ok = verify_signature(
                    receiver.secret,
                    self.headers.get(TIMESTAMP_HEADER, ""),
                    body,
                    self.headers.get(SIGNATURE_HEADER, ""),
                )
                status = receiver.answers.pop(0) if receiver.answers else 204
                if not ok:
                    receiver.bad_signatures += 1
                    status = 401
                elif 200 <= status < 300:
                    receiver.received.append(json.loads(body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/epb"

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
