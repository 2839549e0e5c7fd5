"""What each step loads: drawing and audio libraries only when used (house style rule 2), in one fresh interpreter.

``import murmur`` and ``murmur --help`` load neither matplotlib nor
sounddevice (they start fast, with no display and no PortAudio); rendering
and exporting load neither them nor ``scipy.signal``, nor does a ``Sound``
until a notebook shows it; ``murmur play`` loads sounddevice, and still not
matplotlib.
"""

import json

import pytest
from alsa_sink import run_python, sink_env

_STAGES = """
import json, sys

def loaded():
    return sorted(m for m in sys.modules
                  if m.split('.')[0] in ('matplotlib', 'sounddevice') or m.startswith('scipy.signal'))

stages = {}
import murmur, murmur.view.plotdata, murmur.teach.lecture, murmur.teach.web.page
import murmur.view.labels, murmur.view.spectrogram, murmur.view.wiggersdata, murmur.physio.ecg
murmur.synthesize, murmur.files.export, murmur.build_timeline
stages['import'] = loaded()
from murmur.cli import main
try:
    main(['--help'])
except SystemExit:
    pass
stages['help'] = loaded()
assert main(['export', 'mr-severe', '--chest-piece', 'bell', '--speaker', 'laptop', '-q', '-o', sys.argv[1]]) == 0
stages['export'] = loaded()
s = murmur.synthesize(murmur.Case(duration_s=1, sr=8000)); repr(s)
stages['sound'] = loaded()
if sys.argv[2] == 'play':
    assert main(['play', 'normal', '--duration-s', '1']) == 0
    stages['play'] = loaded()
s._repr_html_()
stages['notebook'] = loaded()
print(json.dumps(stages))
"""


def _portaudio() -> bool:
    try:
        import sounddevice  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def test_each_step_loads_only_what_it_uses(tmp_path):
    play = _portaudio()  # the play step needs PortAudio; it plays into a file through ALSA (alsa_sink)
    p = run_python(_STAGES, sink_env(tmp_path), str(tmp_path / "x.wav"), "play" if play else "no-play")
    assert p.returncode == 0, p.stderr
    stages = json.loads(p.stdout.strip().splitlines()[-1])
    assert stages["import"] == stages["help"] == stages["export"] == stages["sound"] == []
    assert "matplotlib" in stages["notebook"]  # a Sound draws its figure only when a notebook shows it
    if not play:
        pytest.skip("PortAudio is not installed: the play step was not run (scripts/test.sh installs libportaudio2)")
    assert "sounddevice" in stages["play"]
    assert not [m for m in stages["play"] if m.split(".")[0] == "matplotlib"]
