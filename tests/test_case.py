import math

import pytest

from murmur import PRESETS, Case, ParameterError, get_preset
from murmur.case import case_fields


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"heart_rate_bpm": 0}, r"heart_rate_bpm must be between 30 and 220 \(bpm\); got 0\."),
        ({"heart_rate_bpm": 500}, r"heart_rate_bpm must be between 30 and 220"),
        ({"heart_rate_bpm": math.nan}, r"heart_rate_bpm must be a number between 30 and 220 \(bpm\); got nan"),
        ({"heart_rate_bpm": math.inf}, r"heart_rate_bpm must be a number"),
        ({"grade": 7}, r"grade must be between 1 and 6; got 7"),
        ({"grade": 2.5}, r"grade must be a whole number"),
        ({"duration_s": 0}, r"duration_s must be between 0.5 and 86400 \(s\); got 0"),
        ({"sr": 100}, r"sr must be between 8000 and 192000 \(Hz\)"),
        ({"finding": "as"}, r"finding must be one of normal, mr, mvp; got 'as'"),
        ({"rhythm": "af", "s4": True}, r"s4 cannot be heard in atrial fibrillation"),
        ({"s3": 1}, r"s3 must be true or false"),
        ({"heart_rate_bpm": "fast"}, r"heart_rate_bpm must be a number"),
    ],
)
def test_bad_values_name_the_parameter_and_range(changes, match):
    with pytest.raises(ParameterError, match=match) as info:
        Case(**changes)
    assert info.value.param in changes
    assert isinstance(info.value, ValueError)  # callers' except ValueError keeps working


def test_every_field_has_a_documented_range_or_choices_and_docstring_entry():
    doc = Case.__doc__
    for name, default, spec in case_fields():
        assert spec.help
        assert spec.choices or spec.kind is bool or (spec.low is not None and spec.high is not None), name
        assert name in doc, f"{name} is not documented in Case's docstring"
        Case(**{name: default})  # defaults are valid


def test_numbers_are_normalised_to_their_kind():
    c = Case(heart_rate_bpm=75, grade=3.0, sr=44100.0)
    assert isinstance(c.heart_rate_bpm, float) and isinstance(c.grade, int) and isinstance(c.sr, int)


def test_presets_cover_the_issue_and_are_valid_cases():
    required = {"normal", "normal-teaching-split", "mr-mild", "mr-moderate", "mr-severe", "mr-acute", "mvp", "mr-af"}
    assert required <= set(PRESETS)
    assert get_preset("normal-teaching-split").case.split_mode == "teaching"
    severe = get_preset("mr-severe").case
    assert severe.mr_severity == "severe" and severe.s3
    assert get_preset("mr-af").case.rhythm == "af"
    assert get_preset("mr-acute").case.mr_acute
    assert get_preset("mvp").case.finding == "mvp"
    grades = [get_preset(n).case.grade for n in ("mr-mild", "mr-moderate", "mr-severe")]
    assert grades == sorted(grades) and len(set(grades)) == 3


def test_unknown_preset_suggests_the_close_one():
    with pytest.raises(ParameterError, match="did you mean mr-severe"):
        get_preset("mr-sever")
