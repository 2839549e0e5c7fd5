"""The heart the circulation model takes: rate, leak, chambers, sex, afterload and rhythm, checked."""

from __future__ import annotations

from dataclasses import dataclass

from ... import clinical as C
from ...errors import ParameterError

__all__ = ["Heart", "REMODELING"]

#: The chamber states the model knows: normal chambers, chronic compensated
#: (dilated) and acute (small stiff LA).
REMODELING = ("none", "chronic", "acute")


@dataclass(frozen=True, kw_only=True)
class Heart:
    """One heart as the model takes it: the arguments of :func:`~murmur.physio.circulation.simulate`, checked.

    Hashable: it is the model's cache key.

    Parameters
    ----------
    heart_rate_bpm : float
        Heart rate, 40-150 bpm (``clinical.HEMO_HR_RANGE_BPM``).
    eroa_cm2 : float
        Effective regurgitant orifice area of the mitral valve, 0-1 cm^2 (0: no MR).
    remodeling : {'none', 'chronic', 'acute'}
        Normal chambers; the dilated compliant LV and LA of chronic
        compensated MR with 100 mL more blood; or the small stiff LA and
        pulmonary veins of acute MR. Also picks the A2 clamp: 70 ms for
        acute, 30 ms otherwise (no clamp without MR).
    sex : {'male', 'female'}
        Selects the Weissler QS2 regression that sets the activation's length.
    afterload : float
        Systemic resistance as a multiple of ``clinical.SYS_R``, 0.5-2
        (handgrip raises it: ``clinical.HANDGRIP_AFTERLOAD``).
    atrial : bool
        The atria contract (sinus rhythm); False for atrial fibrillation: no
        atrial kick, the LV fills passively.

    Raises
    ------
    ParameterError
        An argument outside its range.

    Examples
    --------
    >>> Heart(heart_rate_bpm=72, eroa_cm2=0.25) == Heart(heart_rate_bpm=72.0, eroa_cm2=0.25)
    True
    >>> Heart(heart_rate_bpm=200)
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: heart_rate_bpm must be between 40 and 150 for the circulation model; got 200.
    """

    heart_rate_bpm: float
    eroa_cm2: float = 0.0
    remodeling: str = "none"
    sex: str = "male"
    afterload: float = 1.0
    atrial: bool = True

    def __post_init__(self) -> None:
        lo, hi = C.HEMO_HR_RANGE_BPM
        if not lo <= self.heart_rate_bpm <= hi:
            raise ParameterError(
                f"heart_rate_bpm must be between {lo:g} and {hi:g} for the circulation model; "
                f"got {self.heart_rate_bpm:g}.",
                param="heart_rate_bpm",
            )
        if not 0.0 <= self.eroa_cm2 <= 1.0:
            raise ParameterError(f"eroa_cm2 must be between 0 and 1 (cm^2); got {self.eroa_cm2:g}.", param="eroa_cm2")
        if self.remodeling not in REMODELING:
            raise ParameterError(f"remodeling must be one of {', '.join(REMODELING)}; got {self.remodeling!r}.")
        if self.sex not in ("male", "female"):
            raise ParameterError(f"sex must be one of male, female; got {self.sex!r}.", param="sex")
        if not 0.5 <= self.afterload <= 2.0:
            raise ParameterError(
                f"afterload must be between 0.5 and 2 (times the normal R_sys); got {self.afterload:g}."
            )
        # One spelling per heart (72 and 72.0 are one cache entry; a Cycle reports floats).
        for name in ("heart_rate_bpm", "eroa_cm2", "afterload"):
            object.__setattr__(self, name, float(getattr(self, name)))
        object.__setattr__(self, "atrial", bool(self.atrial))
