"""Shortening long organisation names for the card, by a fixed, documented rule.

A card line must not go below 6 pt (``text_fit.HARD_FLOOR_PT``). When a name does not fit its box
at the design's smallest size in its lines, the renderer replaces the standard long forms of
Russian education law with their official abbreviations — the ones the organisations use on their
own seals and letterheads — and fits the shortened name again. The rule, in order (longest phrases
first, case-insensitive, «ё» = «е», in any grammatical case — «…учреждения», «…организации»):

* the legal form of the institution: «муниципальное бюджетное общеобразовательное учреждение» →
  «МБОУ», «…автономное…» → «МАОУ», «…казённое…» → «МКОУ», «государственное бюджетное…» → «ГБОУ»,
  the pre-school («дошкольное образовательное учреждение», «…ДОУ»), vocational («профессиональное
  образовательное учреждение», «…ПОУ»), higher («…высшего образования», «ФГБОУ ВО») and
  supplementary («учреждение дополнительного образования», «…У ДО») forms;
* «первичная профсоюзная организация» → «ППО»;
* the kind of school: «средняя общеобразовательная школа» → «СОШ», «основная…» → «ООШ»;
* «имени» → «им.», «Российской Федерации» → «РФ».

Nothing else is cut: a name still too long after the rule fails loudly instead of shrinking below
6 pt or being clipped.
"""

from __future__ import annotations

import re

_FORMS = [
    ("федеральное государственное бюджетное образовательное учреждение высшего образования", "ФГБОУ ВО"),
    ("государственное бюджетное профессиональное образовательное учреждение", "ГБПОУ"),
    ("государственное автономное профессиональное образовательное учреждение", "ГАПОУ"),
    ("муниципальное бюджетное дошкольное образовательное учреждение", "МБДОУ"),
    ("муниципальное автономное дошкольное образовательное учреждение", "МАДОУ"),
    ("муниципальное казённое дошкольное образовательное учреждение", "МКДОУ"),
    ("муниципальное бюджетное учреждение дополнительного образования", "МБУ ДО"),
    ("муниципальное автономное учреждение дополнительного образования", "МАУ ДО"),
    ("муниципальное бюджетное общеобразовательное учреждение", "МБОУ"),
    ("муниципальное автономное общеобразовательное учреждение", "МАОУ"),
    ("муниципальное казённое общеобразовательное учреждение", "МКОУ"),
    ("государственное бюджетное общеобразовательное учреждение", "ГБОУ"),
    ("государственное бюджетное образовательное учреждение", "ГБОУ"),
    ("первичная профсоюзная организация", "ППО"),
    ("средняя общеобразовательная школа", "СОШ"),
    ("основная общеобразовательная школа", "ООШ"),
    ("российской федерации", "РФ"),
    ("имени", "им."),
]


def _word(word: str) -> str:
    # Any case ending: «учреждение», «учреждения», «учреждении»; short words stay exact.
    stem = word[:-2] if len(word) > 6 else ("школ" if word == "школа" else word)
    tail = r"\w*" if stem != word else ""
    return "".join("[её]" if ch in "её" else re.escape(ch) for ch in stem) + tail


def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(_word(w) for w in phrase.split()) + r"(?!\w)", re.IGNORECASE)


RULES = [(_pattern(phrase), short) for phrase, short in _FORMS]


def shorten_organisation(name: str) -> str:
    """The name with the standard long forms replaced by their abbreviations (see the module)."""
    for pattern, short in RULES:
        name = pattern.sub(short, name)
    return " ".join(name.split())
