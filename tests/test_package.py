"""The package as a user gets it (issue 12: installable like any Python tool).

The sdist and the wheel are built with setuptools alone (the build backend
pyproject.toml names, installed beside the build as pip's build isolation
would), from a copy of the checkout and the wheel from the unpacked sdist, as
``python -m build`` does. The wheel goes into a fresh venv outside the
checkout, and the ``murmur`` command of that venv, run from another folder,
writes the demo and an export.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import wave
import zipfile
from pathlib import Path

import pytest

import murmur
from murmur.cli import main

ROOT = Path(__file__).resolve().parents[1]
DIST = "murmur_auscultation"  # the distribution murmur-auscultation, normalised in file names
#: Every file of the package, sub-packages and the web page's data files (page.css, page.js) included.
MODULES = sorted(
    p.relative_to(ROOT / "murmur").as_posix()
    for p in (ROOT / "murmur").rglob("*")
    if p.suffix in (".py", ".css", ".js") and "__pycache__" not in p.parts
)
PNG = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.slow


def _run(argv, *, cwd, env=None, timeout=600) -> subprocess.CompletedProcess:
    p = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert p.returncode == 0, f"{argv}: exit {p.returncode}\n{p.stdout[-2000:]}\n{p.stderr[-4000:]}"
    return p


def _outside_env() -> dict:
    """The environment of a user's shell: nothing that points Python at the checkout or its venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return env | {"PYTHONNOUSERSITE": "1", "MPLBACKEND": "Agg"}


def _build(tmp: Path) -> tuple[Path, Path]:
    """Build the sdist from a copy of the checkout and the wheel from the sdist; return both paths."""
    requires = json.loads(re.search(r"^requires = (\[.*\])$", (ROOT / "pyproject.toml").read_text(), re.M).group(1))
    backend = tmp / "build-env"  # the build backend and nothing else, like pip's isolated build environment
    _run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target", backend, *requires],
         cwd=tmp)  # fmt: skip
    env = _outside_env() | {"PYTHONPATH": str(backend)}
    # a copy, so the build writes nothing into the checkout; samples/ and tests/ are in it and must stay out
    src = tmp / "src"
    skip = shutil.ignore_patterns(".venv", ".git", "*.egg-info", "build", "dist", "__pycache__", ".*_cache")
    shutil.copytree(ROOT, src, ignore=skip)
    out = tmp / "dist"
    call = "import sys; from setuptools import build_meta as b; print(getattr(b, sys.argv[1])(sys.argv[2]))"
    sdist = out / _run([sys.executable, "-c", call, "build_sdist", out], cwd=src, env=env).stdout.split()[-1]
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp / "unpacked", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    (unpacked,) = (tmp / "unpacked").iterdir()
    wheel = out / _run([sys.executable, "-c", call, "build_wheel", out], cwd=unpacked, env=env).stdout.split()[-1]
    return sdist, wheel


def _check_sdist(sdist: Path) -> None:
    base = f"{DIST}-{murmur.__version__}"
    assert sdist.name == f"{base}.tar.gz"
    with tarfile.open(sdist) as tar:
        names = {n.removeprefix(base + "/") for n in tar.getnames()}
    carried = {"pyproject.toml", "README.md", "PKG-INFO", "MANIFEST.in", "examples/teaching.ipynb", "murmur/py.typed"}
    carried |= {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}  # the README's links to docs/ resolve
    assert carried | {f"murmur/{m}" for m in MODULES} <= names
    stray = [n for n in names if n.split("/")[0] not in ("murmur", "examples", "docs", f"{DIST}.egg-info") and "/" in n]
    assert not stray, stray  # no samples/, tests/, benchmarks/, scripts/
    assert sdist.stat().st_size < 400_000  # the 13 MB of samples/ would show


def _check_wheel(wheel: Path) -> None:
    info = f"{DIST}-{murmur.__version__}.dist-info"
    assert wheel.name == f"{DIST}-{murmur.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(f"{info}/METADATA").decode()
        scripts = zf.read(f"{info}/entry_points.txt").decode()
    assert {f"murmur/{m}" for m in MODULES} | {"murmur/py.typed"} <= names
    assert all(n.startswith(("murmur/", f"{info}/")) for n in names), sorted(names)  # no samples, tests, examples
    assert "Name: murmur-auscultation\n" in metadata and f"Version: {murmur.__version__}\n" in metadata
    required = set(re.findall(r"^Requires-Dist: ([\w-]+)", metadata, re.M))
    assert {"numpy", "scipy", "sounddevice", "matplotlib"} <= required
    assert re.search(r"^murmur = murmur\.cli:main$", scripts, re.M)
    assert wheel.stat().st_size < 400_000


def _check_wav(path: Path, seconds: float) -> None:
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 44100)
        assert w.getnframes() == round(seconds * 44100)


@pytest.fixture
def tmp(tmp_path):
    """A tmp folder emptied after the test: the venv is about 300 MB, and pytest keeps its last three tmp dirs."""
    yield tmp_path
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_the_wheel_installs_in_a_fresh_venv_and_runs_without_the_checkout(tmp):
    sdist, wheel = _build(tmp)
    _check_sdist(sdist)
    _check_wheel(wheel)

    venv, cwd, env = tmp / "venv", tmp / "elsewhere", _outside_env()
    _run([sys.executable, "-m", "venv", venv], cwd=tmp, env=env)
    py, cmd = venv / "bin" / "python", venv / "bin" / "murmur"
    _run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel], cwd=tmp, env=env)
    cwd.mkdir()
    where = _run([py, "-c", "import murmur; print(murmur.__file__)"], cwd=cwd, env=env).stdout.strip()
    assert Path(where).is_relative_to(venv) and not Path(where).is_relative_to(ROOT)
    assert _run([cmd, "--version"], cwd=cwd, env=env).stdout.strip() == f"murmur {murmur.__version__}"

    _run([cmd, "demo", "--no-play", "-o", "demo"], cwd=cwd, env=env)
    for name in ("normal", "mr-mild", "mr-severe"):
        _check_wav(cwd / "demo" / f"{name}.wav", 10.0)
        assert (cwd / "demo" / f"{name}.png").read_bytes()[:8] == PNG
        assert "M1" in (cwd / "demo" / f"{name}.txt").read_text()

    _run([cmd, "export", "normal", "-o", "x.wav"], cwd=cwd, env=env)
    assert "M1" in (cwd / "x.txt").read_text()
    # the installed package makes the very bytes the checkout does
    assert main(["export", "normal", "-q", "-o", str(tmp / "ref.wav")]) == 0
    assert (cwd / "x.wav").read_bytes() == (tmp / "ref.wav").read_bytes()
    # the page reads its style and script from the package's data files
    _run([cmd, "html", "normal", "--duration-s", "2", "-o", "page.html"], cwd=cwd, env=env)
    assert main(["html", "normal", "--duration-s", "2", "-o", str(tmp / "ref.html")]) == 0
    assert (cwd / "page.html").read_bytes() == (tmp / "ref.html").read_bytes()
