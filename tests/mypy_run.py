"""mypy on the package, run once per test session in the background (see conftest.pytest_configure)."""

import time
from pathlib import Path

#: The environment variable naming the folder where the background run leaves its result.
MYPY_ENV = "MURMUR_MYPY_RESULT"

#: Run by ``python -c`` with the folder as argument: mypy's output, then its exit code (written last,
#: renamed into place, so a reader that sees ``rc`` sees the whole output).
RESULT_SCRIPT = """
import os, subprocess, sys
folder = sys.argv[1]
p = subprocess.run([sys.executable, "-m", "mypy", "murmur"], capture_output=True, text=True)
with open(os.path.join(folder, "out"), "w") as f:
    f.write(p.stdout + p.stderr)
with open(os.path.join(folder, "rc.part"), "w") as f:
    f.write(str(p.returncode))
os.replace(os.path.join(folder, "rc.part"), os.path.join(folder, "rc"))
"""


def wait_for_result(folder: str, timeout_s: float = 600.0) -> tuple[int, str]:
    """The background run's exit code and output, once it has finished."""
    rc = Path(folder) / "rc"
    deadline = time.monotonic() + timeout_s
    while not rc.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"mypy did not finish within {timeout_s:g} s")
        time.sleep(0.2)
    return int(rc.read_text()), (Path(folder) / "out").read_text()
