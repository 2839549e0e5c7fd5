"""The registry of random streams: every seeded draw of a case comes from one of these.

Each stream is independent of the others, so changing one (say the murmur
noise) never reshuffles another (the beat jitter); within a stream, beat
``n`` draws from its own generator, so any window of an endless timeline
renders the same samples.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "beat_rng",
    "TIMELINE_STREAM",
    "SOURCE_STREAM",
    "BACKGROUND_STREAM",
    "PATIENT_STREAM",
    "NOISE_TABLE_SEED",
    "BACKGROUND_TABLE_SEED",
    "QUIZ_DECK_STREAM",
    "QUIZ_ROUND_STREAM",
    "QUIZ_KEY_STREAM",
]

#: Beat times: jitter, RR, the beat's level draws (one generator per beat).
TIMELINE_STREAM = 0
#: The sources' noise: murmur turbulence (one generator per beat).
SOURCE_STREAM = 1
#: The recording background (one generator per chunk).
BACKGROUND_STREAM = 2
#: The patient: drawn once per case (pressures, orifice, a musical murmur's pitch).
PATIENT_STREAM = 3

#: Fixed seeds of the noise tables, the same for every case: a beat's own
#: source stream picks where in a table its noise starts.
#: The murmur's flow-noise tables (:mod:`murmur.sound.murmurs`).
NOISE_TABLE_SEED = 0x5EED
#: The background's tables (:mod:`murmur.sound.background`), one stream per table.
BACKGROUND_TABLE_SEED = 0xB4EA7

#: Streams of a quiz's seed (not a case's): the order of the cases, each
#: round's variation, and the key that encodes the quiz page's answers.
QUIZ_DECK_STREAM = 0
QUIZ_ROUND_STREAM = 1
QUIZ_KEY_STREAM = 2


def beat_rng(seed: int, stream: int, index: int) -> np.random.Generator:
    """The random generator of one beat in one stream.

    Examples
    --------
    >>> a = beat_rng(1, SOURCE_STREAM, 5).normal()
    >>> a == beat_rng(1, SOURCE_STREAM, 5).normal()
    True
    """
    # The same stream as default_rng(SeedSequence(...)), built directly (half the cost).
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream, index))))
