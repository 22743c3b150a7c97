"""Shared test helpers: the fixtures folder and its labelled reports."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
STEMS = sorted(p.stem for p in FIXTURES.glob("*.txt") if p.with_suffix(".json").exists())


def expected(stem: str) -> dict[str, Any]:
    """The labelled JSON of a fixture."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{stem}.json").read_text(encoding="utf-8"))
    return data


def expected_value(v: Any) -> Any:
    """A labelled cell's value as gkparse returns it (money: Decimal yuan or None)."""
    if isinstance(v, dict):
        return None if v.get("yuan") is None else Decimal(str(v["yuan"]))
    return v
