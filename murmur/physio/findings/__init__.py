"""The findings: one module per lesion, each holding everything about it (:class:`murmur.finding.Finding`).

Importing this package registers the built-in findings, in teaching order:
a normal heart, mitral regurgitation, mitral valve prolapse (importing
:mod:`murmur` does it). ``docs/adding-a-finding.md`` walks through adding one.

Examples
--------
>>> from murmur.finding import findings
>>> [f.key for f in findings()][:3]
['normal', 'mr', 'mvp']
"""

from ...finding import register
from .mr import MitralRegurgitation
from .mvp import MitralValveProlapse
from .normal import NormalHeart

# In teaching order: the order of the findings, their presets (murmur cases) and the quiz's answers.
register(NormalHeart(), MitralRegurgitation(), MitralValveProlapse())

__all__ = ["NormalHeart", "MitralRegurgitation", "MitralValveProlapse"]
