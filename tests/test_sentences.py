from helpers.formatting import NBSP
from helpers.sentences import (
    describe_count_change,
    describe_part_of_whole,
    describe_share_change,
    join_list,
)


def test_count_increase_with_percent():
    text = describe_count_change("Antalet avvikelser", 1940, 2026, 2024, 2025, "avvikelse", "avvikelser")
    assert text == f"Antalet avvikelser ökade från 1{NB}940 till 2{NB}026 mellan 2024 och 2025, en ökning med 86 avvikelser (+4,4{NB}%)."


NB = NBSP


def test_count_decrease_small_numbers_as_words():
    text = describe_count_change("Antalet klagomål", 12, 10, 2024, 2025, "klagomål", "klagomål", neuter=True)
    assert text == f"Antalet klagomål minskade från tolv till tio mellan 2024 och 2025, en minskning med två klagomål (\u221216,7{NB}%)."


def test_count_unchanged_and_from_zero():
    assert describe_count_change("Antalet stölder", 2, 2, 2024, 2025, "stöld", "stölder") == (
        "Antalet stölder var oförändrat mellan 2024 och 2025: två båda åren."
    )
    # From zero a per cent change is undefined and is left out.
    assert describe_count_change("Antalet fall", 0, 1, 2024, 2025, "avvikelse", "avvikelser") == (
        "Antalet fall ökade från noll till en mellan 2024 och 2025, en ökning med en avvikelse."
    )


def test_count_missing_values():
    assert describe_count_change("Antalet avvikelser", None, 5, 2024, 2025, "avvikelse", "avvikelser") == (
        "Antalet avvikelser var fem under 2025; uppgift för 2024 saknas, så ingen jämförelse kan göras."
    )
    assert describe_count_change("Antalet avvikelser", 5, None, 2024, 2025, "a", "b") == "Antalet avvikelser för 2025 saknas i underlaget."


def test_share_change_in_procentenheter_with_polarity():
    text = describe_share_change("Andelen som besväras av ensamhet", 26, 11, 2024, 2025, higher_is_better=False)
    assert text == f"Andelen som besväras av ensamhet minskade från 26{NB}% år 2024 till 11{NB}% år 2025, med 15 procentenheter, en förbättring."
    text = describe_share_change("Andelen", 52, 42, 2024, 2025, higher_is_better=True)
    assert "minskade" in text and "10 procentenheter" in text and "försämring" in text
    assert "med 1 procentenhet." in describe_share_change("Andelen", 89, 90, 2024, 2025).replace(NB, " ")
    assert "oförändrad" in describe_share_change("Andelen", 90, 90, 2024, 2025)


def test_part_of_whole_and_lists():
    # One comparison: all digits when either count is above twelve, else all words.
    assert describe_part_of_whole(3, 23, "avvikelse", "avvikelser") == "3 av 23 avvikelser"
    assert describe_part_of_whole(3, 10, "avvikelse", "avvikelser") == "tre av tio avvikelser"
    assert join_list(["a", "b", "c"]) == "a, b och c"
    assert join_list(["a"]) == "a"


def test_words_and_digits_are_not_mixed_in_one_comparison():
    from helpers.sentences import describe_count_change, pair_in_text

    assert pair_in_text(6, 23) == ("6", "23") and pair_in_text(8, 10) == ("åtta", "tio")
    text = describe_count_change("Antalet x", 16, 6, 2024, 2025, "x", "x")
    assert text.startswith("Antalet x minskade från 16 till 6 mellan 2024 och 2025")


def test_the_size_of_a_change_is_part_of_the_comparison():
    from helpers.sentences import describe_count_change

    assert describe_count_change("Antalet synpunkter", 24, 28, 2024, 2025, "synpunkt", "synpunkter") == (
        f"Antalet synpunkter ökade från 24 till 28 mellan 2024 och 2025, en ökning med 4 synpunkter (+16,7{NB}%)."
    )
    assert describe_count_change("Antalet klagomål", 8, 10, 2024, 2025, "klagomål", "klagomål", neuter=True).startswith(
        "Antalet klagomål ökade från åtta till tio mellan 2024 och 2025, en ökning med två klagomål"
    )
    assert describe_count_change("Antalet beslut", 12, 13, 2024, 2025, "beslut", "beslut", neuter=True).startswith(
        "Antalet beslut ökade från 12 till 13 mellan 2024 och 2025, en ökning med 1 beslut"
    )


def test_counts_in_one_list_are_all_digits_when_any_is_above_twelve():
    from helpers.sentences import counts_in_text

    assert counts_in_text([18, 10, 0]) == ["18", "10", "0"]
    assert counts_in_text([12, 1, 0], neuter=True) == ["tolv", "ett", "noll"]
    assert counts_in_text([1940, 5]) == [f"1{NB}940", "5"]


def test_years_are_said_once_in_consecutive_sentences():
    from helpers.sentences import join_sentences

    text = join_sentences([
        "Antalet fall ökade från 760 till 848 mellan 2024 och 2025, en ökning med 88 avvikelser.",
        "Antalet stölder var oförändrat mellan 2024 och 2025: två båda åren.",
        "Den vanligaste typen var fall.",
        "Antalet x ökade mellan 2024 och 2025.",
        "Antalet y ökade mellan 2023 och 2025.",
    ])
    assert text == ("Antalet fall ökade från 760 till 848 mellan 2024 och 2025, en ökning med 88 avvikelser. "
                    "Antalet stölder var oförändrat: två båda åren. Den vanligaste typen var fall. "
                    "Antalet x ökade mellan 2024 och 2025. Antalet y ökade mellan 2023 och 2025.")


def test_leaders_name_every_tied_label_in_order():
    from helpers.sentences import leaders

    assert leaders({"b": 4, "a": 4, "c": 1}) == ["b", "a"]
    assert leaders({"b": 4, "a": 4, "c": 1}, highest=False) == ["c"]
    assert leaders({"a": float("nan"), "b": 2}) == ["b"] and leaders({}) == []
