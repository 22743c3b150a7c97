"""The PDF reader's tolerances and caps, in one settings object (pdfplumber's ``TableSettings`` style).

Distances are in PDF points (1/72 inch) on the page as displayed (``/Rotate`` applied,
``top`` growing downwards).
"""

from __future__ import annotations

from typing import Final

import attrs

MB: Final = 1 << 20


@attrs.frozen
class PdfSettings:
    """Tolerances of the stages chars → lines/rules → grid → table, and the caps on what a file may cost.

    Attributes:
        snap: rules whose positions differ by at most this are one line (pdfplumber's ``snap_tolerance``).
        join: collinear rules with a gap of at most this are one rule (``join_tolerance``).
        touch: a horizontal and a vertical rule meet when they come this close (``intersection_tolerance``).
        min_rule: a rule shorter than this is no rule (``edge_min_length``).
        thin: a filled shape thinner than this is a rule (Word draws borders as thin rectangles);
            a thicker one is shading and no rule.
        line_gap: characters whose tops differ by at most this stand on one line (``y_tolerance``).
        word_gap: a gap wider than this between two characters of a line is a space (``x_tolerance``).
        same_frame: a table at the top of a page continues the last table of the page before when
            their left and right edges are this close.
        cell_edges: cell edges closer than this are one grid line when cells become a grid (a table
            joined over pages).
        label_gap: in a table without rules, label words further apart than this many character heights
            are separate cells (a vertical group label beside an item label).
        stack: in a table without rules, single characters on successive lines whose centres are this
            close are one vertical label.
        nearer: in a table without rules, a label cell without values goes to the nearer of two rows
            only when it is nearer by this many character heights.
        prose_reach: with no label to tell prose from a header, a word reaching this many line
            heights left of the values is prose.
        header_gap: in a table without rules, a header line further than this many line heights
            above the line below it is not the table's header.
        overlap: in a table without rules, a value stands under a header when their horizontal
            extents overlap by at least this.
        max_stream: a compressed stream of the file may expand to at most this many bytes (fonts
            and images: ``max_font_stream``); a larger one is refused as a decompression bomb.
        max_font_stream: the cap for streams declared as fonts or images.
        max_expanded: all the streams of the file together may expand to at most this many bytes.
        max_chars: a page may hold at most this many characters; a larger page is refused.
        max_rules: a page may draw at most this many rule segments; a page drawing more is refused.
    """

    snap: float = 3.0
    join: float = 3.0
    touch: float = 3.0
    min_rule: float = 3.0
    thin: float = 2.0
    line_gap: float = 3.0
    word_gap: float = 3.0
    same_frame: float = 5.0
    cell_edges: float = 2.0
    label_gap: float = 1.5
    stack: float = 2.0
    nearer: float = 0.25
    prose_reach: float = 3.0
    header_gap: float = 3.0
    overlap: float = 0.5
    max_stream: int = 16 * MB
    max_font_stream: int = 64 * MB
    max_expanded: int = 256 * MB
    max_chars: int = 2_000_000
    max_rules: int = 1_000_000


SETTINGS: Final = PdfSettings()
"""The settings `read_pdf` uses."""
