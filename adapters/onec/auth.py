"""HTTP Basic authentication with UTF-8 credentials.

1C user names are often Cyrillic (``Шлюз``). ``requests``' own ``HTTPBasicAuth`` encodes them as
Latin-1 and fails, and 1C's web server extension decodes the header as UTF-8, so the header is
built here.
"""

from __future__ import annotations

import base64

import requests
from requests.auth import AuthBase


def basic_auth_header(username: str, password: str) -> str:
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


class Utf8BasicAuth(AuthBase):
    """A ``requests`` auth hook that sends UTF-8 Basic credentials on every request."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self._header = basic_auth_header(username, password)

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = self._header
        return request

    def __repr__(self) -> str:  # never show the password in logs or tracebacks
        return f"Utf8BasicAuth(username={self.username!r})"
