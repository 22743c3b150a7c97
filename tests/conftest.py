"""Shared test helpers: the fixtures folder and its labelled reports."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
STEMS = sorted(p.stem for p in FIXTURES.glob("*.txt") if p.with_suffix(".json").exists())
REPORT_FILES = sorted(
    str(p) for p in FIXTURES.rglob("*") if p.suffix.lower() in (".txt", ".html", ".htm", ".pdf", ".docx")
)
"""Every report file a walk of fixtures/ reads: the texts and the documents in fixtures/documents/."""


def expected(stem: str) -> dict[str, Any]:
    """The labelled JSON of a fixture."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{stem}.json").read_text(encoding="utf-8"))
    return data


def expected_value(v: Any) -> Any:
    """A labelled cell's value as gkparse returns it (money: Decimal yuan or None)."""
    if isinstance(v, dict):
        return None if v.get("yuan") is None else Decimal(str(v["yuan"]))
    return v


# ---------------------------------------------------------------- hypothesis profiles
# "ci" (the default) keeps tests/test_properties.py within about a minute on a
# 2-core machine; GKPARSE_HYPOTHESIS_PROFILE=thorough runs 3000 examples per
# property with no deadline.  Hypothesis is a dev dependency: without it the
# other tests still run.
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # pragma: no cover - hypothesis not installed
    pass
else:
    import os

    _SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large]
    settings.register_profile(
        "ci",
        max_examples=40,
        deadline=2000,
        derandomize=False,
        print_blob=True,
        suppress_health_check=_SLOW_DATA,
    )
    settings.register_profile(
        "thorough",
        max_examples=3000,
        deadline=None,
        print_blob=True,
        suppress_health_check=_SLOW_DATA,
    )
    settings.load_profile(os.environ.get("GKPARSE_HYPOTHESIS_PROFILE", "ci"))
