"""The acceptance step of numbers read by OCR: never a wrong number, whatever digits the engine misread.

No OCR runs here: a correct requests table is generated, some of its digits are
"misread" at high confidence (and some cells read with low confidence), and the
step must withhold every wrong one.
"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from gkparse import templates
from gkparse._read.accept import ALONE, THRESHOLD, accept
from gkparse._read.formats.content import DocCell
from gkparse.model import Cell, Origin, Report, RequestsTable

INDEX = templates.current()
ROWS = [r.key for r in INDEX.rows_of("requests", "2021")]
COLS = INDEX.rows_of("requests", "2021")[0].columns
PARTS = [c for c in COLS if c != "total"]
RESULTS = [r for r in ROWS if r not in ("new", "carried_over", "total", "carried_forward")]


def _table(rng: random.Random) -> dict[tuple[str, str], int]:
    """A requests table (template 2021) whose every relation holds."""
    v: dict[tuple[str, str], int] = {}
    for c in PARTS:
        for r in RESULTS:
            v[(r, c)] = rng.choice([0, 0, 0, rng.randint(1, 9), rng.randint(10, 400)])
        v[("total", c)] = sum(v[(r, c)] for r in RESULTS)
        v[("carried_forward", c)] = rng.choice([0, rng.randint(1, 30)])
        v[("carried_over", c)] = rng.randint(0, v[("total", c)] + v[("carried_forward", c)])
        v[("new", c)] = v[("total", c)] + v[("carried_forward", c)] - v[("carried_over", c)]
    for r in ROWS:
        v[(r, "total")] = sum(v[(r, c)] for c in PARTS)
    return v


def _misread(value: int, rng: random.Random) -> int:
    """The value with one of its digits read as another digit."""
    digits = list(str(value))
    i = rng.randrange(len(digits))
    digits[i] = rng.choice([d for d in "0123456789" if d != digits[i]])
    return int("".join(digits))


def _report(seen: dict[tuple[str, str], int], blank: set[tuple[str, str]]) -> tuple[Report, dict]:
    cells, read = [], {}
    for i, r in enumerate(ROWS):
        for j, c in enumerate(COLS):
            if (r, c) in blank:
                continue
            key = f"requests.{r}.{c}"
            cells.append(Cell(key, "requests", r, c, seen[(r, c)], str(seen[(r, c)]), 1, Origin(1, 1, i, j)))
            read[(1, i, j)] = (str(seen[(r, c)]), i, j)
    table = RequestsTable(template="2021", layout="image", cells=tuple(cells))
    report = Report(None, "2021", 2021, None, "image", None, table, None, (), "image")
    return report, read


@given(seed=st.integers(0, 2**32 - 1), k=st.integers(0, 3), n_low=st.integers(0, 3), blank_zeros=st.booleans())
def test_misread_digits_never_give_a_wrong_value(seed: int, k: int, n_low: int, blank_zeros: bool) -> None:
    """A correct table with k ≤ 3 digits misread at high confidence (and some cells read with low
    confidence, zeros left blank or not) never yields a value other than the printed one."""
    rng = random.Random(seed)
    truth = _table(rng)
    seen = dict(truth)
    slots = sorted(truth)
    for slot in rng.sample(slots, k):
        seen[slot] = _misread(seen[slot], rng)
    blank = {s for s in slots if blank_zeros and truth[s] == 0 and seen[s] == 0}
    low = set(rng.sample(slots, n_low))
    report, raw = _report(seen, blank)
    read = {
        pos: DocCell(text, pos[1], pos[2], False, 1, 0.5 if (ROWS[pos[1]], COLS[pos[2]]) in low else 0.99, (0, 0, 9, 9))
        for pos, (text, _, _) in raw.items()
    }
    out, findings = accept(report, INDEX, read)
    for c in out.cells():
        assert c.value == truth[(c.row, c.col)], (c.key, c.value, truth[(c.row, c.col)])
    withheld = {f.keys[0] for f in findings if f.code == "ocr.withheld"}
    assert withheld | {c.key for c in out.cells()} == {c.key for c in report.cells()}


def test_a_correct_table_is_read_whole() -> None:
    """With no misread and every cell confident, every OCR'd number of a sound table is accepted,
    and the report says the relations were used (so they are no evidence of sound arithmetic)."""
    truth = _table(random.Random(1))
    report, raw = _report(truth, set())
    read = {pos: DocCell(text, pos[1], pos[2], False, 1, 0.99, (0, 0, 9, 9)) for pos, (text, _, _) in raw.items()}
    out, findings = accept(report, INDEX, read)
    assert len(list(out.cells())) == len(list(report.cells()))
    codes = {f.code for f in findings}
    assert {"ocr.read", "ocr.relations_used"} <= codes
    assert "ocr.withheld" not in codes


def test_one_misread_withholds_that_cell_only() -> None:
    """A single misread digit breaks its row and its column relations; it is the one cell nothing
    confirms, so it alone is withheld, with a finding that shows what the engine saw."""
    truth = _table(random.Random(2))
    seen = dict(truth)
    slot = ("granted", "natural_person")
    seen[slot] = truth[slot] + 5
    report, raw = _report(seen, set())
    read = {pos: DocCell(text, pos[1], pos[2], False, 1, 0.99, (0, 0, 9, 9)) for pos, (text, _, _) in raw.items()}
    out, findings = accept(report, INDEX, read)
    withheld = [f for f in findings if f.code == "ocr.withheld"]
    assert [f.keys for f in withheld] == [("requests.granted.natural_person",)]
    assert repr(str(seen[slot])) in withheld[0].message
    assert out.requests is not None
    assert out.requests["granted.natural_person"] is None


def test_low_confidence_and_unchecked_cells() -> None:
    """A number read below the threshold is withheld; a number no relation covers needs the stricter
    confidence, and those accepted that way are listed in an ``ocr.unchecked`` finding."""
    assert THRESHOLD < ALONE
    truth = _table(random.Random(3))
    report, raw = _report(truth, set())
    read = {pos: DocCell(text, pos[1], pos[2], False, 1, 0.99, (0, 0, 9, 9)) for pos, (text, _, _) in raw.items()}
    read[(1, 0, 0)] = DocCell(raw[(1, 0, 0)][0], 0, 0, False, 1, THRESHOLD - 0.01, (0, 0, 9, 9))
    out, findings = accept(report, INDEX, read)
    assert out.requests is not None
    assert out.requests["new.natural_person"] is None
    assert any(f.code == "ocr.withheld" and "confidence below" in f.message for f in findings)


def test_numbers_read_from_ocr_prose_are_withheld() -> None:
    """A number the text layouts read from a line of OCR'd prose (an unruled table in a scan) has no
    cell, box or confidence to check it by: it is withheld with a finding, never emitted."""
    cell = Cell("requests.new.natural_person", "requests", "new", "natural_person", 7, "7", 3, None)
    table = RequestsTable(template="2021", layout="lines", cells=(cell,))
    report = Report(None, "2021", 2021, None, "lines", None, table, None, (), "image")
    out, findings = accept(report, INDEX, {}, ocr_prose=True)
    assert list(out.cells()) == []
    assert [f.keys for f in findings if f.code == "ocr.withheld"] == [("requests.new.natural_person",)]
    kept, _ = accept(report, INDEX, {}, ocr_prose=False)
    assert [c.value for c in kept.cells()] == [7]
