"""Render: place every source of a timeline on the sample grid.

:class:`Renderer` renders any window ``[n0, n1)`` of an endless timeline.
Every source is a finite waveform that depends only on its beat (never on the
window), and the sources overlapping a window are added in one fixed order,
so a render in blocks equals the render in one piece sample for sample, and a
stream of blocks runs in constant memory.
"""

from __future__ import annotations

import bisect
import math
from collections import OrderedDict
from collections.abc import Generator, Iterable, Iterator
from functools import lru_cache

import numpy as np

from ..case import Case
from ..errors import ParameterError
from ..physio.streams import SOURCE_STREAM, beat_rng
from ..physio.timeline import Beat, iter_beats
from ..presets import Preset, as_case
from ..units import FloatArray
from .background import HOP_S, background_chunk, chunks_between
from .level import apply_level
from .listening import Chain, chain_for, chest_wall, process
from .murmurs import murmur
from .transients import grid_position, transient_template

__all__ = ["Renderer", "levelled_blocks", "beat_sources", "heard_transient", "Source", "n_samples"]

#: (label, first sample index, waveform)
Source = tuple[str, int, FloatArray]

#: A beat's sounds never reach this far past its Q time (30 bpm: S3 ends
#: about 0.7 s after Q; a rumble stops at the next Q) ...
_MAX_REACH_S = 2.5
#: ... nor start earlier than this before it (an S4 starts 10 ms before Q).
#: Beats are drawn from the iterator only this far ahead of the window, so a
#: player that changes case reaches the very next beat.
_MAX_LEAD_S = 0.1


@lru_cache(maxsize=2048)
def _heard_template(kind: str, sr: int, step: int, chain: Chain) -> FloatArray:
    """:func:`~murmur.sound.transients.transient_template` through the listening chain (read-only)."""
    y = process(kind, transient_template(kind, sr, step), chain, sr)
    y.flags.writeable = False
    return y


def heard_transient(kind: str, time_s: float, sr: int, chain: Chain, *, gain: float = 1.0) -> tuple[int, FloatArray]:
    """One transient heart sound as heard through ``chain``, on the grid of rate ``sr``.

    :func:`murmur.sound.transients.transient` passed through the listening chain
    (chest wall, site, chest piece, speaker mode); the heard shapes are
    cached by kind, rate, sub-sample step and chain.

    Returns
    -------
    n_start : int
        Index of the first sample (the first at or after ``time_s``).
    y : ndarray
        The sound as heard, longer than at the heart by the filters' tails.

    Examples
    --------
    >>> from murmur.sound.listening import Chain
    >>> n0, y = heard_transient("A2", 0.5, 8000, Chain())
    >>> n0, len(y) > 480
    (4000, True)
    """
    n_start, step = grid_position(time_s, sr)
    return n_start, gain * _heard_template(kind, sr, step, chain)


def beat_sources(beat: Beat, sr: int) -> list[Source]:
    """Every waveform of one beat as heard, in a fixed order: transients, then murmurs.

    This is the one place where the listening chain (chest wall, site, chest
    piece, speaker mode) is applied to the beat's sounds. A murmur's noise is
    made with the chest wall's magnitude as a spectral weight (so its
    envelope is flattened as heard at the skin); the rest of the chain
    follows.

    Examples
    --------
    >>> from murmur.physio.timeline import iter_beats
    >>> beat = next(iter_beats(Case(finding="mr")))
    >>> [label for label, _, _ in beat_sources(beat, 8000)]
    ['M1', 'T1', 'A2', 'P2', 'murmur']
    """
    case = beat.case
    chain = chain_for(case)
    out: list[Source] = []
    for e in beat.events:
        out.append((e.kind, *heard_transient(e.kind, e.time_s, sr, chain, gain=e.gain)))
    if beat.murmurs:
        rng = beat_rng(case.seed, SOURCE_STREAM, beat.index)
        for span in beat.murmurs:
            n0, y = murmur(span, sr, rng, weight=chest_wall(span.kind))
            heard = process(span.kind, y, chain, sr, chest_wall=False, site_db=span.site_db(chain.site))
            out.append((span.kind, n0, heard))
    return out


def _background_source(k: int, case: Case, sr: int) -> Source | None:
    chunk = background_chunk(k, case, sr)
    if chunk is None:
        return None
    n0, y = chunk
    return ("background", n0, process("background", y, chain_for(case), sr, chest_wall=False))


class Renderer:
    """Render windows of a case's endless timeline, before the level stage.

    Parameters
    ----------
    case : Case, Preset or str
        What to hear (a preset name means that preset's Case); ``case.sr`` is the sample rate.
    beats : iterable of Beat, optional
        The beats to render, in time order (default:
        :func:`~murmur.physio.timeline.iter_beats` of ``case``, without end). A
        player passes its own to change case at a beat boundary: beats are
        drawn only 0.1 s ahead of the window being rendered.
    only : set of str, optional
        Render only the sources with these labels (``{"murmur"}`` isolates
        the systolic murmur, for analysis and figures).

    Examples
    --------
    >>> r = Renderer(Case(sr=8000))
    >>> a = r.render(0, 8000)
    >>> b = np.concatenate([r.render(0, 3000), r.render(3000, 8000)])
    >>> bool(np.array_equal(a, b))
    True
    """

    def __init__(
        self, case: Case | Preset | str, *, beats: Iterable[Beat] | None = None, only: set[str] | None = None
    ) -> None:
        case = as_case(case)
        self.case = case
        self.sr = case.sr
        self._only = only
        self._iter: Iterator[Beat] = iter(iter_beats(case) if beats is None else beats)
        self._beats: list[Beat] = []
        self._q: list[float] = []
        self._exhausted = False
        self._cache: OrderedDict[object, list[Source]] = OrderedDict()

    @property
    def beats(self) -> list[Beat]:
        """The beats generated so far and not forgotten."""
        return self._beats

    def _extend_to(self, t_s: float) -> None:
        # Draw every beat whose Q is before t_s, and no more: the next beat's Q
        # is known from the last one's RR, so a live change of case reaches
        # the first beat after t_s.
        while not self._exhausted and (not self._q or self._beats[-1].q_s + self._beats[-1].rr_s < t_s):
            try:
                beat = next(self._iter)
            except StopIteration:
                self._exhausted = True
                return
            self._beats.append(beat)
            self._q.append(beat.q_s)

    def beats_between(self, t0_s: float, t1_s: float) -> list[Beat]:
        """Beats whose sounds may overlap ``[t0_s, t1_s)``."""
        self._extend_to(t1_s + _MAX_LEAD_S)
        lo = bisect.bisect_left(self._q, t0_s - _MAX_REACH_S)
        hi = bisect.bisect_left(self._q, t1_s + _MAX_LEAD_S)
        return self._beats[lo:hi]

    def forget_before(self, t_s: float) -> None:
        """Drop beats that cannot sound at or after ``t_s`` (constant memory)."""
        k = bisect.bisect_left(self._q, t_s - _MAX_REACH_S)
        if k:
            for beat in self._beats[:k]:
                self._cache.pop(beat.index, None)
            del self._beats[:k], self._q[:k]

    def sources(self, beat: Beat) -> list[Source]:
        """The waveforms of ``beat`` (cached for the beats in play)."""
        if beat.index in self._cache:
            self._cache.move_to_end(beat.index)
            return self._cache[beat.index]
        src = beat_sources(beat, self.sr)
        if self._only is not None:
            src = [s for s in src if s[0] in self._only]
        self._remember(beat.index, src)
        return src

    def background(self, k: int) -> list[Source]:
        """Chunk ``k`` of the noise floor, heard (cached while in play)."""
        key = ("background", k)
        if key in self._cache:
            return self._cache[key]
        src: list[Source] = []
        if self._only is None or "background" in self._only:
            chunk = _background_source(k, self._case_at(k * HOP_S), self.sr)
            src = [chunk] if chunk is not None else []
        self._remember(key, src)
        return src

    def _case_at(self, t_s: float) -> Case:
        """The case of the beat sounding at ``t_s`` (the floor follows live changes)."""
        beats = self.beats_between(t_s, t_s)
        before = [b for b in beats if b.q_s <= t_s]
        return (before[-1] if before else beats[0]).case if beats else self.case

    def _remember(self, key, src: list[Source]) -> None:
        self._cache[key] = src
        while len(self._cache) > 48:
            self._cache.popitem(last=False)

    def render(self, n0: int, n1: int) -> FloatArray:
        """Samples ``[n0, n1)`` of the mix as heard, float64, source units."""
        y = np.zeros(max(n1 - n0, 0))
        if n1 <= n0:
            return y
        beat_sources = [src for beat in self.beats_between(n0 / self.sr, n1 / self.sr) for src in self.sources(beat)]
        floor = [src for k in chunks_between(n0, n1, self.sr) for src in self.background(k)]
        for _, s0, src in beat_sources + floor:
            a, b = max(n0, s0), min(n1, s0 + len(src))
            if a < b:
                y[a - n0 : b - n0] += src[a - s0 : b - s0]
        return y


def levelled_blocks(
    renderer: Renderer, n_total: int | None, *, block: int, start: int = 0
) -> Generator[FloatArray, int | None, None]:
    """The finished sound, block after block: render, level, forget.

    Every output (export, synthesis, the player, the playhead's pages, the
    benchmark) streams the sound through this one loop: each block is
    rendered (:meth:`Renderer.render`), passed through the level stage
    (:func:`~murmur.sound.level.apply_level`: calibration, fades, limiter), and,
    once the consumer asks for the next block, the beats that can no longer
    sound are forgotten (so an endless stream runs in constant memory, and
    between blocks ``renderer.beats`` still holds the block's beats).

    Parameters
    ----------
    renderer : Renderer
        What to render.
    n_total : int or None
        Length of the whole sound, samples (fades out at its end); None for
        an endless sound (fade-in only).
    block : int, keyword-only
        Samples per block, >= 1; the last block is shorter.
    start : int, keyword-only
        First sample, >= 0 (the fade-in still starts at sample 0).

    Yields
    ------
    y : ndarray
        The next block's samples, full scale 1.0. ``gen.send(n)`` instead of
        ``next(gen)`` makes the next block ``n`` samples long (a player asks
        for what its device wants).

    Examples
    --------
    >>> r = Renderer(Case(duration_s=1, sr=8000))
    >>> [len(y) for y in levelled_blocks(r, 8000, block=3000)]
    [3000, 3000, 2000]
    """
    if block < 1:
        raise ParameterError(f"block must be at least 1 sample; got {block}.", param="block")
    n0, sr = start, renderer.sr
    n = block
    while n_total is None or n0 < n_total:
        n1 = n0 + n if n_total is None else min(n0 + n, n_total)
        asked = yield apply_level(renderer.render(n0, n1), n0, n_total, sr)
        renderer.forget_before(n1 / sr)
        n0, n = n1, block if asked is None else asked


def n_samples(duration_s: float, sr: int) -> int:
    """Number of samples of a sound ``duration_s`` long at rate ``sr``."""
    return int(math.floor(duration_s * sr + 0.5))
