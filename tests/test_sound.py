"""The Sound that synthesize returns: still the (y, timeline) pair, and a notebook display of its own samples."""

import base64
import copy
import io
import pickle
import re
import wave
from html.parser import HTMLParser

import numpy as np
import pytest

from murmur import Case, Sound, synthesize
from murmur.sound.sound import NOTEBOOK_DPI, NOTEBOOK_MAX_S
from murmur.view.pictures import figure_png

CASE = Case(finding="mr", mr_severity="severe", grade=4, s3=True, duration_s=2.0, sr=8000, seed=5)


@pytest.fixture(scope="module")
def sound():
    return synthesize(CASE)


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML fragment."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def only(self, tag: str) -> dict:
        found = [attrs for t, attrs in self.tags if t == tag]
        assert len(found) == 1, f"{len(found)} <{tag}> elements"
        return found[0]


def _payload(uri: str, mime: str) -> bytes:
    head = f"data:{mime};base64,"
    assert uri.startswith(head), uri[:40]
    return base64.b64decode(uri[len(head) :], validate=True)


def test_it_unpacks_as_the_pair_it_always_was(sound):
    y, timeline = sound
    assert isinstance(sound, tuple) and len(sound) == 2
    assert sound.y is y and sound.timeline is timeline and sound[0] is y
    assert sound.case == CASE and sound.sr == 8000
    assert y.dtype == np.float64 and y.shape == (16000,)
    # a worker process can send it back (pickle), and copies are Sounds with the same samples
    for other in (pickle.loads(pickle.dumps(sound)), copy.copy(sound), copy.deepcopy(sound)):
        assert type(other) is Sound and other.case == CASE
        np.testing.assert_array_equal(other.y, y)
        assert repr(other.timeline) == repr(timeline)  # (== fails on a rumble's a2_s=nan after a copy)
    assert repr(sound) == (
        "Sound(severe mitral regurgitation, murmur grade 4/6; 72 bpm sinus rhythm; realistic S2 split; "
        f"2 s at 8000 Hz, {len(timeline.beats)} beats)"
    )


def test_the_notebook_shows_a_player_of_its_samples_and_their_figure(sound):
    # a sound that is not what the case would render (polarity flipped): the display must show these samples
    flipped = Sound(-sound.y, sound.timeline)
    page = flipped._repr_html_()
    tags = _Tags(page)

    audio = tags.only("audio")
    assert "controls" in audio and audio["aria-label"] == CASE.describe()
    with wave.open(io.BytesIO(_payload(audio["src"], "audio/wav"))) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (1, 2, 8000, 16000)
        pcm = np.frombuffer(w.readframes(16000), dtype="<i2") / 32767.0
    assert np.max(np.abs(pcm - flipped.y)) <= 0.5 / 32767 + 1e-12  # 16-bit PCM, rounded to nearest

    from murmur.view import case_figure

    img = tags.only("img")
    png = _payload(img["src"], "image/png")
    assert png == figure_png(case_figure(CASE, y=flipped.y, timeline=sound.timeline), dpi=NOTEBOOK_DPI)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == 1200 and 500 < height < 900, (width, height)  # 12 in at 100 dpi
    assert "waveform and spectrogram" in img["alt"].lower() and CASE.describe() in img["alt"]

    caption = "".join(tags.text)
    assert CASE.describe() in caption and CASE.listening() in caption and "2 s at 8000 Hz" in caption
    assert [t for t, _ in tags.tags] == ["figure", "figcaption", "strong", "br", "audio", "img"]
    # self-contained: nothing fetched, nothing run
    rest = re.sub(r'"data:[a-z/]+;base64,[A-Za-z0-9+/=]*"', '""', page).lower()
    assert rest.count('""') == 2
    for banned in ("http:", "https:", "//", "<script", "javascript:", "<link", "<iframe", "url("):
        assert banned not in rest, banned
    assert not [name for _, attrs in tags.tags for name in attrs if name.startswith("on")]


def test_a_long_sound_embeds_its_first_minute_faded_out(sound):
    long = Sound(np.full(61 * 8000, 0.5), sound.timeline)  # 61 s at 8 kHz
    tags = _Tags(long._repr_html_())
    with wave.open(io.BytesIO(_payload(tags.only("audio")["src"], "audio/wav"))) as w:
        assert w.getnframes() == NOTEBOOK_MAX_S * 8000 == 480000
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    n_fade = 200  # 25 ms at 8 kHz
    assert np.all(pcm[:-n_fade] == round(0.5 * 32767))  # untouched up to the fade
    assert abs(int(pcm[-1])) <= 1 and np.all(np.diff(pcm[-n_fade:].astype(int)) <= 0)  # then down to silence
    assert "the first 60 s of 61 s at 8000 Hz" in "".join(tags.text)
