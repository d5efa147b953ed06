from datetime import date

import pytest

from helpers.formatting import (
    count_phrase,
    format_count,
    format_date,
    format_number,
    format_percent,
    format_pp,
    number_in_text,
    round_half_up,
    share,
)

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1940, f"1{NB}940"), (2026, f"2{NB}026"), (0, "0"), (999, "999"), (1234567, f"1{NB}234{NB}567"), (-133, "\u2212133"), (None, "–")],
)
def test_format_count(value, expected):
    assert format_count(value) == expected


def test_signed_count_and_no_negative_zero():
    assert format_count(86, signed=True) == "+86"
    assert format_count(-100, signed=True) == "\u2212100"
    assert format_count(0, signed=True) == "0"
    assert format_number(-0.04, 1) == "0,0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(65.78, 1, f"65,8{NB}%"), (65.7, 1, f"65,7{NB}%"), (62, 0, f"62{NB}%"), (0.5, 0, f"1{NB}%"), (2.5, 0, f"3{NB}%"), (100, 1, f"100,0{NB}%")],
)
def test_format_percent_rounds_half_up(value, decimals, expected):
    assert format_percent(value, decimals) == expected


def test_percentage_point_change_is_signed():
    assert format_pp(-10) == "\u221210"
    assert format_pp(4.44, 1) == "+4,4"


def test_round_half_up_not_bankers():
    assert str(round_half_up(0.125, 2)) == "0.13"
    assert str(round_half_up(2.5)) == "3"


def test_numbers_in_running_text():
    assert number_in_text(3) == "tre"
    assert number_in_text(1) == "en"
    assert number_in_text(1, neuter=True) == "ett"
    assert number_in_text(12) == "tolv"
    assert number_in_text(13) == "13"
    assert number_in_text(1940) == f"1{NB}940"


def test_count_phrase_singular_plural():
    assert count_phrase(1, "avvikelse", "avvikelser") == "en avvikelse"
    assert count_phrase(2, "avvikelse", "avvikelser") == "två avvikelser"
    assert count_phrase(23, "avvikelse", "avvikelser") == "23 avvikelser"
    assert count_phrase(0, "avvikelse", "avvikelser") == "noll avvikelser"
    assert count_phrase(1, "klagomål", "klagomål", neuter=True) == "ett klagomål"


def test_share_and_date():
    assert share(419, 637) == pytest.approx(65.777, rel=1e-4)
    assert share(3, 0) is None
    assert format_date(date(2025, 3, 1)) == "2025-03-01"


def test_labels_sort_in_swedish_order():
    from helpers.formatting import swedish_sort_key

    labels = ["Övrigt", "Äldreomsorg", "LSS stöd och service", "Larmteam", "Åldersgrupp", "Enhet 10", "Enhet 2", "ekonomi", "Zeta"]
    assert sorted(labels, key=swedish_sort_key) == [
        "ekonomi", "Enhet 2", "Enhet 10", "Larmteam", "LSS stöd och service", "Zeta", "Åldersgrupp", "Äldreomsorg", "Övrigt"]
    # Plain code-point order gets both wrong: capitals before small letters, Ä before Å.
    assert sorted(["Larmteam", "LSS stöd och service", "Åldersgrupp", "Äldreomsorg"]) == [
        "LSS stöd och service", "Larmteam", "Äldreomsorg", "Åldersgrupp"]


def test_swedish_sort_key_works_for_pandas_sorts_on_several_columns():
    import pandas as pd

    from helpers.formatting import swedish_sort_key

    frame = pd.DataFrame({"enhet": ["Öster", "LSS stöd", "Larmteam", "Åby", "Äng", "Enhet 10", "Enhet 2"], "period": [1] * 7})
    ordered = frame.sort_values(["enhet", "period"], key=lambda s: s.map(swedish_sort_key) if s.name == "enhet" else s)
    assert ordered["enhet"].tolist() == ["Enhet 2", "Enhet 10", "Larmteam", "LSS stöd", "Åby", "Äng", "Öster"]
