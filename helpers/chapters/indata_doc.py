"""Documentation generated from the code: the input contracts as Markdown (docs/indata.md)."""

from __future__ import annotations

from ..contracts import describe_contract
from .registry import chapter_contracts

HEADER = """# Indata: kolumner per kapitel

Genererad från indatakontrakten i `helpers/` (`./kvb kontrakt --skriv`); ändra inte för hand.

Varje kapitel läser en fil per år, `data/<kommun>/<år>/<fil>` (filnamnet står i
params under `kallor`). CSV med semikolon, komma, tabb eller `|` (Excels första rad
`sep=;` följs), i UTF-8 (med eller utan BOM), UTF-16 (Excels "Unicode-text") eller
Windows-1252, decimalkomma, eller XLSX (inte krypterad, etikettskyddad eller gammal
.xls: spara en oskyddad kopia som .xlsx). Innehållet avgör formatet, men
filändelsen måste stämma med det. Kolumnrubrikerna nedan är
verktygets egna; har er export andra rubriker eller andra värden, översätt dem
med `kolumner` och `varden` under `kallor.<kapitel>` i kommunens params-fil.
Bara de här kolumnerna läses: fritext, namn och personnummer i exporten läses
aldrig in. Radnummer i felmeddelanden räknas som i Excel (rubrikraden är rad 1).

"""


def input_contracts_markdown() -> str:
    return HEADER + "\n".join(describe_contract(c) for c in chapter_contracts())
