"""How the figures look: the resolution, colours and type sizes every figure shares.

Readable when projected: ticks at least 12 pt, axis labels at least 14 pt.
Colours from the Okabe & Ito (2008) palette, safe for colour-blind viewers.
"""

from __future__ import annotations

__all__ = [
    "DPI",
    "SYSTOLE_COLOUR",
    "DIASTOLE_COLOUR",
    "SPAN_COLOUR",
    "OTHER_SPAN_COLOUR",
    "TICK_PT",
    "AXLABEL_PT",
    "TITLE_PT",
    "MAIN_PT",
    "SUB_PT",
    "TITLE_LINE_IN",
]

#: Dots per inch of a figure (and of the files it is saved to).
DPI = 150
#: Shading of systole (M1 to A2) and diastole.
SYSTOLE_COLOUR, DIASTOLE_COLOUR = "#E69F00", "#56B4E9"
#: Colour of a murmur span by kind: its bar, its legend entry and its band bracket.
SPAN_COLOUR = {"murmur": "#D55E00", "rumble": "#0072B2"}
#: Colour of a span of any other kind.
OTHER_SPAN_COLOUR = "#CC79A7"
#: Type sizes, points: tick labels, axis labels, the title, big labels (S1, S2), small labels ("M1 T1").
TICK_PT, AXLABEL_PT, TITLE_PT, MAIN_PT, SUB_PT = 13, 15, 15, 15, 12
#: Height of one more title line, inches.
TITLE_LINE_IN = 1.3 * TITLE_PT / 72
