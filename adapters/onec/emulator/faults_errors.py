"""The error the emulator raises inside a request; rendered as 1C's ``odata.error`` body."""

from __future__ import annotations


class ODataFault(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
