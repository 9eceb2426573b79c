"""An error message in both languages of the page. The messages are written in English where
they arise (the command line and the {"error"} body of docs/contract.md#http keep them so); their Dutch lives in
one catalogue beside this module (error_text.nl.yaml), so that a translator edits one file and
the code raising an error stays as it is."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

CATALOGUE = Path(__file__).with_name("error_text.nl.yaml")
# The service names its input "request": "request:3: unknown key ..." or "request: ...".
_PLACE = re.compile(r"^request(?::(\d+))?: (.*)$", re.DOTALL)
_GROUP = re.compile(r"\{(\d+)\}")


@lru_cache(maxsize=1)
def _entries() -> tuple[tuple[re.Pattern[str], str], ...]:
    import yaml

    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return tuple((re.compile(e["en"], re.DOTALL), e["nl"]) for e in data)


def dutch(message: str) -> str | None:
    """The Dutch of one message without its place, or None when the catalogue has none."""
    for pattern, template in _entries():
        m = pattern.fullmatch(message)
        if m:
            return _GROUP.sub(lambda g: m.group(int(g.group(1))) or "", template)
    return None


def both(message: str) -> dict[str, str]:
    """{"en": message, "nl": its Dutch}: the place ("request:3") becomes "verzoek, regel 3"; a
    message the catalogue lacks keeps its English behind a Dutch frame."""
    place, detail = "", message
    m = _PLACE.match(message)
    if m:
        line, detail = m.group(1), m.group(2)
        place = f"verzoek, regel {line}: " if line else "verzoek: "
    nl = dutch(detail)
    return {"en": message, "nl": place + (nl if nl is not None else f"het verzoek is niet verwerkt ({detail})")}


def body(message: str) -> dict[str, object]:
    """The JSON body of an error: {"error": English} as docs/contract.md#http has it, plus "error_text" in both languages."""
    return {"error": message, "error_text": both(message)}
