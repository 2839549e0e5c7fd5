"""A real headless Chromium, driven through chromedriver's W3C WebDriver HTTP API with the standard library only.

``Browser(width, height)`` starts ``/usr/bin/chromedriver`` on a free local
port and opens one session of ``/usr/bin/chromium`` with the flags below;
leaving the ``with`` block ends the session and stops the driver. The flags
keep Chromium off the network (this machine's network is closed: without them
its background connections are refused and logged), autoplay is allowed, and
audio is muted.

Sound without a sound card: Chromium finds no PulseAudio, falls back to ALSA,
finds no card, and plays into its own fake output stream, which a timer paces
in real time, so ``currentTime`` advances as it would through speakers. (An
ALSA ``file`` sink over ``null``, as the playback tests use for PortAudio, is
not paced: Chromium ran a 3 s clip to its end in under 0.25 s.)
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
#: The W3C key of an element reference in JSON.
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
#: W3C key codes.
TAB, SPACE, LEFT, RIGHT = "\ue004", "\ue00d", "\ue012", "\ue014"


def available() -> str | None:
    """None when Chromium and chromedriver are installed, else why not (a skip reason)."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        return (
            f"{' and '.join(missing)} not installed: scripts/test.sh installs Debian's chromium and chromium-driver "
            "(CI runs it)"
        )
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriverError(RuntimeError):
    pass


class Browser:
    """One headless Chromium whose page is ``width`` x ``height`` CSS pixels.

    ``phone=True`` emulates a phone (Chromium's mobile emulation: the page's
    viewport meta tag is honoured, touch events are on, device pixel ratio 1
    so screenshots stay small); otherwise a desktop window.
    """

    def __init__(self, width: int, height: int, *, phone: bool = False) -> None:
        self.width, self.height = width, height
        self._profile = tempfile.mkdtemp(prefix="murmur-chromium-")
        self._port = _free_port()
        self._driver = subprocess.Popen(
            [str(CHROMEDRIVER), f"--port={self._port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._base = f"http://127.0.0.1:{self._port}"
        self.session = ""
        try:
            self._wait_ready()
            args = [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                f"--user-data-dir={self._profile}", f"--window-size={width},{height}",
            ]  # fmt: skip
            options: dict[str, Any] = {"binary": str(CHROMIUM), "args": args}
            if phone:
                metrics = {"width": width, "height": height, "pixelRatio": 1, "touch": True, "mobile": True}
                options["mobileEmulation"] = {"deviceMetrics": metrics}
            caps = {"browserName": "chrome", "goog:chromeOptions": options, "goog:loggingPrefs": {"browser": "ALL"}}
            self.session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["sessionId"]
            if not phone:  # headless windows start at least 500 px wide; the page gets exactly the width asked
                self.cmd("POST", "/window/rect", {"width": width, "height": height})
        except BaseException:
            self.close()
            raise

    def _wait_ready(self, timeout_s: float = 20.0) -> None:
        end = time.monotonic() + timeout_s
        while True:
            try:
                if self._call("GET", "/status").get("ready"):
                    return
            except (OSError, WebDriverError):
                pass
            if time.monotonic() > end or self._driver.poll() is not None:
                raise WebDriverError("chromedriver did not start")
            time.sleep(0.05)

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self._base + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return json.loads(resp.read())["value"]
        except urllib.error.HTTPError as err:
            detail = json.loads(err.read() or b"{}").get("value", {})
            raise WebDriverError(f"{method} {path}: {detail.get('error')}: {detail.get('message', '')[:300]}") from None

    def cmd(self, method: str, path: str, body: Any = None) -> Any:
        """A command of this session: ``cmd("POST", "/url", {...})``."""
        return self._call(method, f"/session/{self.session}{path}", body)

    def open(self, url: str) -> None:
        self.cmd("POST", "/url", {"url": url})

    def find(self, css: str) -> str:
        """The element id of the first match."""
        return self.cmd("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def click(self, element: str) -> None:
        """A real click (chromedriver scrolls the element into view and sends mouse events at its centre)."""
        self.cmd("POST", f"/element/{element}/click", {})

    def keys(self, element: str, text: str) -> None:
        """Focus ``element`` and type ``text`` into it (key events)."""
        self.cmd("POST", f"/element/{element}/value", {"text": text})

    def press(self, key: str) -> None:
        """Press and release one key where the focus is (W3C key codes: ``TAB``, ``SPACE``, ...)."""
        steps = [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]
        self.cmd("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": steps}]})

    def tap(self, x: float, y: float, *, touch: bool = False) -> None:
        """Press and release at viewport point (``x``, ``y``), CSS px: a mouse click, or a finger's tap (``touch``)."""
        pointer = {"type": "pointer", "id": "finger" if touch else "mouse"}
        pointer["parameters"] = {"pointerType": "touch" if touch else "mouse"}
        pointer["actions"] = [
            {"type": "pointerMove", "duration": 0, "origin": "viewport", "x": int(x), "y": int(y)},
            {"type": "pointerDown", "button": 0},
            {"type": "pointerUp", "button": 0},
        ]
        self.cmd("POST", "/actions", {"actions": [pointer]})
        self.cmd("DELETE", "/actions")

    def run(self, script: str, *args: Any) -> Any:
        """Run ``script`` (a function body) in the page; elements in ``args`` as ``{ELEMENT: id}``."""
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def log(self) -> list[dict]:
        """The browser console entries since the last call."""
        return self.cmd("POST", "/se/log", {"type": "browser"})

    def screenshot(self) -> bytes:
        """PNG of the viewport."""
        return base64.b64decode(self.cmd("GET", "/screenshot"))

    def close(self) -> None:
        try:
            if self.session:
                self._call("DELETE", f"/session/{self.session}")
        except (OSError, WebDriverError):
            pass
        finally:
            self.session = ""
            self._driver.terminate()
            try:
                self._driver.wait(10)
            except subprocess.TimeoutExpired:
                self._driver.kill()
                self._driver.wait()
            shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
