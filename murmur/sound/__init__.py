"""What it sounds like: transients, murmurs, the recording background, the listening chain, level and render.

Examples
--------
>>> from murmur.sound import synthesize
>>> y, timeline = synthesize("normal")
>>> y.dtype.name
'float64'
"""

from .listening import Chain, chain_for, process, site_gain
from .render import Renderer, levelled_blocks, n_samples
from .sound import Sound
from .synth import render_sources, synthesize

__all__ = [
    "Renderer",
    "levelled_blocks",
    "n_samples",
    "synthesize",
    "render_sources",
    "Sound",
    "Chain",
    "chain_for",
    "process",
    "site_gain",
]
