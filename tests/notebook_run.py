"""Run a Jupyter notebook headless without Jupyter: what a kernel and the notebook front end would show.

``python notebook_run.py NOTEBOOK.ipynb`` runs the code cells in order in one
namespace, as one kernel does, and prints as JSON the HTML each cell would
show: what it prints (a ``<pre>``), the value of its last expression when
that is not ``None`` and the cell does not end in ``;`` (its ``_repr_html_``,
else an escaped ``repr``), and, after the cell, every open pyplot figure as a
PNG ``<img>`` (what the ``inline`` backend of ipykernel does), then closed.
Magics (``%``, ``!``) and IPython's ``display`` are not supported: the
notebook does not use them. A failing cell stops the run; its traceback names
``<cell N>`` and the output says which cell failed.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import html
import io
import json
import sys
import traceback


def _figures_as_html() -> list[str]:
    """Flush pyplot's open figures as the inline backend does (only if the notebook imported pyplot)."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return []
    out = []
    for num in plt.get_fignums():
        buf = io.BytesIO()
        plt.figure(num).savefig(buf, format="png", bbox_inches="tight")
        out.append(f'<img src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">')
    plt.close("all")
    return out


def _shown(value: object) -> str:
    rich = getattr(value, "_repr_html_", None)
    page = rich() if callable(rich) else None
    return page if page is not None else f"<pre>{html.escape(repr(value))}</pre>"


def run_notebook(path: str) -> dict:
    """``{"cells": [[html, ...] per code cell], "error": None or (cell index, traceback)}``."""
    with open(path, encoding="utf-8") as fh:
        nb = json.load(fh)
    namespace: dict = {"__name__": "__main__"}
    shown: list[list[str]] = []
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    for i, source in enumerate(sources):
        name = f"<cell {i}>"
        tree = ast.parse(source, filename=name)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr) and not source.rstrip().endswith(";"):
            last = ast.Expression(tree.body.pop().value)
        printed, out = io.StringIO(), []
        try:
            with contextlib.redirect_stdout(printed):
                exec(compile(tree, name, "exec"), namespace)
                value = eval(compile(last, name, "eval"), namespace) if last is not None else None
        except BaseException:
            shown.append(out)
            return {"cells": shown, "error": [i, traceback.format_exc()]}
        if printed.getvalue():
            out.append(f"<pre>{html.escape(printed.getvalue())}</pre>")
        if value is not None:
            out.append(_shown(value))
        out.extend(_figures_as_html())
        shown.append(out)
    return {"cells": shown, "error": None}


if __name__ == "__main__":
    json.dump(run_notebook(sys.argv[1]), sys.stdout)
