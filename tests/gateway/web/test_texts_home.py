"""User-facing texts have one home (``gateway.texts.ru``): the web views build messages from it and
never write Russian words inline, so a wording is changed in one place."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import gateway.web
from gateway.texts import ru

WEB = Path(gateway.web.__file__).parent
CYRILLIC = re.compile("[А-Яа-яЁё]")
# Calls whose text argument reaches the user as a message.
MESSAGE_CALLS = {"flash", "DomainError", "BulkResult"}


def _inline_messages(source: str) -> list[tuple[int, str]]:
    """Russian string literals (plain or f-strings) passed to a message call, or assigned to a
    variable named ``message`` or ``error`` that a view flashes or renders later."""
    found = []
    for node in ast.walk(ast.parse(source)):
        parts: list[ast.expr] = []
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in MESSAGE_CALLS:
                parts = [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in ("message", "error") for t in targets):
                parts = [node.value]
        for part in parts:
            for sub in ast.walk(part):
                if (
                    isinstance(sub, ast.Constant)
                    and isinstance(sub.value, str)
                    and CYRILLIC.search(sub.value)
                ):
                    found.append((sub.lineno, sub.value))
    return found


def test_no_web_view_writes_a_message_inline() -> None:
    offenders = {
        path.name: hits
        for path in sorted(WEB.glob("*.py"))
        # integration.py is being dissolved into the domain packages by the restructuring.
        if path.name != "integration.py" and (hits := _inline_messages(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_check_finds_an_inline_flash() -> None:
    source = 'flash(f"Партия № {n} отменена.", "ok")\nmessage = "Сохранено."\nflash(ru.FLASH["x"], "ok")\n'
    assert sorted({line for line, _ in _inline_messages(source)}) == [1, 2]


def test_every_flash_template_names_only_simple_placeholders() -> None:
    # A view fills these with str.format(**named values); a positional or attribute placeholder
    # would fail only at the moment a user triggers that message.
    for key, text in ru.FLASH.items():
        assert CYRILLIC.search(text), key
        for _, field, spec, conv in string.Formatter().parse(text):
            if field is not None:
                assert field.isidentifier(), (key, field)
                assert not spec and not conv, key
