"""What the chapters share: rows counted by their date, and the checks when files and dates disagree."""

from __future__ import annotations

import pandas as pd

from helpers.chapters.common import assign_years, rows_per_year


def test_rows_count_by_date_where_that_year_is_complete():
    rows = pd.DataFrame({
        "datum": pd.to_datetime(["2025-03-01", "2024-12-30", "2024-12-31", "2023-06-01", "2019-01-02"]),
        "_ar_fil": [2025, 2025, 2025, 2025, 2025],
    })
    kept, checks = assign_years(rows, "datum", [2022, 2023, 2024, 2025], [2024, 2025], "avvikelse", "avvikelser")
    assert kept["ar"].tolist() == [2025, 2024, 2024]
    assert "_ar_fil" not in kept.columns
    assert checks == [
        "Filen för 2025 innehåller en avvikelse med datum år 2019; den ligger utanför jämförelseåren 2022–2025 och räknas inte.",
        "Filen för 2025 innehåller en avvikelse med datum år 2023; den räknas inte, eftersom filen för 2023 saknas och årets antal då inte är fullständigt.",
        "Filen för 2025 innehåller två avvikelser med datum år 2024; de räknas till 2024.",
    ]
    assert rows_per_year(kept, [2023, 2024, 2025], [2024, 2025]).tolist()[1:] == [2.0, 1.0]
