"""examples/teaching.ipynb runs headless and shows players and figures (issue 12: notebooks).

No Jupyter here (nbclient and ipykernel are not dependencies): ``notebook_run``
runs the code cells in a fresh interpreter as a kernel would and collects what
the notebook would show.
"""

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "teaching.ipynb"
RUNNER = Path(__file__).resolve().parent / "notebook_run.py"


def _code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_it_is_committed_small_and_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4 and nb["metadata"]["kernelspec"]["name"] == "python3"
    cells = _code_cells(nb)
    assert cells and all(c["outputs"] == [] and c["execution_count"] is None for c in cells)
    assert len({c["id"] for c in nb["cells"]}) == len(nb["cells"])  # nbformat 4.5: unique cell ids
    assert NOTEBOOK.stat().st_size < 20_000
    code = "".join("".join(c["source"]) for c in cells)
    # plain Python: it runs the same in any front end, and here
    assert "IPython" not in code and not re.search(r"^\s*[%!]", code, re.M)


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("notebook")  # whatever it writes lands here, not in the checkout
    env = dict(os.environ, MPLBACKEND="Agg")  # the inline backend draws with Agg too
    p = subprocess.run(
        [sys.executable, str(RUNNER), str(NOTEBOOK)], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert p.returncode == 0, p.stderr
    result = json.loads(p.stdout)
    assert result["error"] is None, "cell {}: {}".format(*result["error"])
    return result["cells"]


def test_it_runs_and_shows_two_players_and_the_figures(shown):
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert len(shown) == len(_code_cells(nb))
    page = "".join(part for cell in shown for part in cell)
    players = re.findall(r'<audio controls src="data:audio/wav;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(players) == 2  # normal, then severe MR
    for b64 in players:  # each a whole 4 s case: RIFF/WAVE, 4 s of 16-bit mono at 44.1 kHz plus headers
        wav = base64.b64decode(b64)
        assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
        assert 4 * 44100 * 2 <= len(wav) < 4 * 44100 * 2 + 4096
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 3  # each sound's figure, then the comparison
    assert all(base64.b64decode(b)[:8] == b"\x89PNG\r\n\x1a\n" for b in images)
    assert "normal heart" in page and "severe mitral regurgitation" in page  # the captions
    # the circulation numbers: no leak in the normal heart, a severe one in MR
    table = re.search(r"<pre>(normal.*?)</pre>", page, re.S).group(1)
    leak = [float(v) for v in re.findall(r"leak\s+([\d.]+) mL/beat", table)]
    assert len(leak) == 2 and leak[0] == 0 and leak[1] >= 60, table
    assert "http://" not in page and "https://" not in page
