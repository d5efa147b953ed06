"""Senior Alert och Palliativregistret: the generated Swedish sentences, cell texts and alternative texts."""

from __future__ import annotations

import pandas as pd

from ...formatting import (
    MISSING,
    NBSP,
    capitalize_first,
    format_number,
    format_percent,
    is_missing,
    number_in_text,
)
from ...sentences import (
    counts_in_text,
    describe_count_change,
    describe_share_change,
    join_list,
    join_sentences,
    label_in_text,
    quantity,
)
from .catalogue import PROCESS, RISK_AREAS, Indicator
from .metrics import SilentUnit, Targets, change, meets, process_shares, share_decimals, verdict

MET, NOT_MET = "● uppfyllt", "○ ej uppfyllt"  # a symbol and a word: never colour alone
SHARE_SUBJECTS = {
    "med_risk": "Andelen riskbedömningar med risk",
    "orsak_angiven": "Andelen riskbedömningar med risk där bakomliggande orsak angavs",
    "atgardsplan": "Andelen riskbedömningar med risk där en åtgärdsplan togs fram",
    "uppfoljning": "Andelen åtgärdsplaner där de utförda åtgärderna följdes upp",
}


def share_text(value: float | None) -> str:
    """``44 %``, ``65,8 %`` (a share as the export gave it) or ``–``."""
    return format_percent(value, share_decimals(value)) if not is_missing(value) else MISSING


def met_cell(met: bool | None) -> str:
    """``● uppfyllt``, ``○ ej uppfyllt`` or ``–`` (no value or no target)."""
    return MISSING if met is None else (MET if met else NOT_MET)


def points(value: float, decimals: int = 0) -> str:
    """``10 procentenheter``, ``1 procentenhet``, ``0,5 procentenheter``."""
    shown = format_number(abs(value), decimals)
    return f"{shown} {'procentenhet' if shown == '1' else 'procentenheter'}"


# ------------------------------------------------------------------ Senior Alert


def describe_process(totals: pd.DataFrame, previous: int, year: int) -> str:
    """Riskbedömningar, those with risk and unique persons against last year, then each share in procentenheter."""
    now, before = totals[year], totals[previous] if previous in totals.columns else pd.Series(dtype="float64")
    text = [describe_count_change("Antalet riskbedömningar i Senior Alert", before.get("riskbedomningar"), now.get("riskbedomningar"),
                                  previous, year, "riskbedömning", "riskbedömningar")]
    for column, subject in (("med_risk", "Antalet riskbedömningar med risk"), ("unika_personer", "Antalet unika personer som riskbedömdes")):
        if not is_missing(now.get(column)):
            text.append(describe_count_change(subject, before.get(column), now.get(column), previous, year,
                                              "riskbedömning" if column == "med_risk" else "person",
                                              "riskbedömningar" if column == "med_risk" else "personer"))
    shares_now, shares_before = process_shares(now), process_shares(before)
    for measure in PROCESS:
        if measure.id in SHARE_SUBJECTS and measure.id != "med_risk" and shares_now.get(measure.id) is not None:
            text.append(describe_share_change(SHARE_SUBJECTS[measure.id], shares_before.get(measure.id), shares_now[measure.id],
                                              previous, year, higher_is_better=True))
    return join_sentences(text)  # "mellan 2024 och 2025" once, not in every sentence


def describe_risk_areas(totals: pd.DataFrame, previous: int, year: int, shown: list[str], without: list[str]) -> str:
    """Persons at risk per area with data (of the ``shown`` areas), pressure ulcers as persons and sores, the areas without data."""
    text = []
    before = totals[previous] if previous in totals.columns else pd.Series(dtype="float64")
    for area in RISK_AREAS:
        column = f"risk_{area.id}"
        if area.id in shown and area.id not in without:
            text.append(describe_count_change(f"Antalet personer med {area.in_text}", before.get(column), totals.at[column, year],
                                              previous, year, "person", "personer"))
    if not is_missing(totals.at["trycksar_personer", year]):
        text.append(describe_count_change("Antalet personer med trycksår", before.get("trycksar_personer"), totals.at["trycksar_personer", year],
                                          previous, year, "person", "personer"))
    if not is_missing(totals.at["trycksar_antal", year]):
        text.append(describe_count_change("Antalet trycksår", before.get("trycksar_antal"), totals.at["trycksar_antal", year],
                                          previous, year, "trycksår", "trycksår", neuter=True))
    if without:
        names = join_list([a.in_text for a in RISK_AREAS if a.id in without])
        text.append(f"Underlaget för {year} har inga uppgifter om {names}; de redovisas som saknade ({MISSING}), inte som noll.")
    return join_sentences(text)


def describe_forms(forms: list[str], threshold: int, masked: bool, year: int) -> str:
    names = join_list([label_in_text(f) for f in forms])
    text = f"Riskbedömningarna {year} redovisas per boendeform: {names}." if forms else ""
    if masked:
        text += (f" För att ingen enskild ska kunna pekas ut visas antal under {number_in_text(threshold)} som <{threshold}, "
                 "och andelar som bygger på sådana antal visas inte.")
    return text.strip()


def describe_left_out_columns(columns: list[str]) -> str:
    """``Kolumnen Undernäring 2025 visas inte: …``: columns of the table per boendeform whose small counts cannot be protected."""
    names = join_list(columns)
    which = f"Kolumnen {names} visas" if len(columns) == 1 else f"Kolumnerna {names} visas"
    return f"{which} inte i tabellen per riskområde och boendeform: antalen är så små att enskilda värden skulle kunna räknas fram ur summan."


def describe_silent_units(units: list[SilentUnit], year: int, fell: bool, owner: str = "kommunens") -> str:
    """Units without any riskbedömning in the year: a falling count can mean less registration, not less risk."""
    if not units:
        return f"Alla enheter som registrerat tidigare år eller som ska registrera har registrerat riskbedömningar under {year}."
    stopped = [u.name for u in units if u.reason == "tidigare"]
    planned = [u.name for u in units if u.reason == "planerad"]
    parts = []
    if stopped:
        parts.append(f"{join_list(stopped)}, som registrerade tidigare år")
    if planned:
        parts.append(f"{join_list(planned)}, som enligt planen skulle registrera")
    # The count never starts the sentence (it may be written in digits).
    text = (f"Under {year} registrerade {quantity(len(units), 'enhet', 'enheter')} inga riskbedömningar i Senior Alert: "
            f"{', samt '.join(parts)}.")
    if fell:
        text += " Att antalet riskbedömningar minskade kan alltså bero på att färre enheter registrerar, inte på att färre personer har risk."
    else:
        text += f" {capitalize_first(owner)} antal bygger därför inte på alla enheter."
    return text


# ------------------------------------------------------------------ Palliativregistret


def national_phrase(targets: Targets) -> str:
    """``det nationella målvärdet`` (Socialstyrelsen), ``registrets målnivå`` or ``det egna målvärdet``."""
    if targets.national_source == "Socialstyrelsen":
        return "det nationella målvärdet"
    if targets.national_source == "kommunens val":
        return "det egna målvärdet"
    source = targets.national_source
    return f"{source}{'' if source.endswith(('s', 'x', 'z')) else 's'} målnivå"


def distance(value: float, target: float, phrase: str, first: bool) -> str:
    """``31 procentenheter under det interna målet 75 %`` (``56 under …`` when not the first)."""
    diff = round(value - target, 6)
    if diff == 0:
        return f"exakt på {phrase} {share_text(target)}"
    decimals = share_decimals(value, target)
    amount = points(diff, decimals) if first else format_number(abs(diff), decimals)
    return f"{amount} {'över' if diff > 0 else 'under'} {phrase} {share_text(target)}"


def target_verdict(indicator: Indicator, value: float, targets: Targets) -> str:
    """In words whether the targets are met (exactly on target counts as met)."""
    national = meets(value, targets.national, indicator.higher_is_better)
    internal = meets(value, targets.internal, indicator.higher_is_better)
    if national is None and internal is None:
        return ""
    if national is None or internal is None:
        return "målet är uppfyllt" if (national or internal) else "målet är inte uppfyllt"
    if national and internal:
        return "båda målen är uppfyllda"
    if not national and not internal:
        return "inget av målen är uppfyllt"
    return "det interna målet är uppfyllt, men inte det nationella" if internal else "det nationella målet är uppfyllt, men inte det interna"


def describe_indicator(indicator: Indicator, value: float | None, targets: Targets, year: int) -> str:
    """``Smärtskattning sista levnadsveckan var 44 % år 2025, 31 procentenheter under det interna målet 75 % och 56 under …``."""
    if is_missing(value):
        return f"{indicator.text}: uppgift för {year} saknas."
    parts = []
    if not is_missing(targets.internal):
        parts.append(distance(value, targets.internal, "det interna målet", first=True))
    if not is_missing(targets.national):
        parts.append(distance(value, targets.national, national_phrase(targets), first=not parts))
    text = f"{indicator.text} var {share_text(value)} år {year}"
    if parts:
        text += ", " + join_list(parts)
    judged = target_verdict(indicator, value, targets)
    return text + (f"; {judged}." if judged else ".")


def describe_indicator_changes(indicators: list[Indicator], shares: pd.DataFrame, previous: int, year: int) -> str:
    """What improved and what worsened since last year, following each indicator's direction, in procentenheter."""
    if previous not in shares.columns:
        return ""
    judged = {i.id: verdict(shares.at[i.id, previous], shares.at[i.id, year], i.higher_is_better) for i in indicators}
    judged = {k: v for k, v in judged.items() if v}
    if not judged:
        return ""
    groups = {w: [i for i in indicators if judged.get(i.id) == w] for w in ("bättre", "sämre", "oförändrad")}
    count = {w: len(v) for w, v in groups.items()}
    better, worse, same = _numbers([count["bättre"], count["sämre"], count["oförändrad"]])  # one sentence, written alike
    noun = "indikator" if count["bättre"] <= 1 else "indikatorer"
    text = (f"Jämfört med {previous} förbättrades {better} {noun} och {worse} försämrades"
            + (f", medan {same} var oförändrad{'e' if count['oförändrad'] > 1 else ''}." if count["oförändrad"] else "."))

    def listed(items: list[Indicator]) -> str:
        parts = []
        for i in sorted(items, key=lambda i: -abs(change(shares.at[i.id, previous], shares.at[i.id, year]) or 0.0)):
            before, now = shares.at[i.id, previous], shares.at[i.id, year]
            diff = change(before, now) or 0.0
            parts.append(f"{label_in_text(i.text)}, som {'ökade' if diff > 0 else 'minskade'} med "
                         f"{points(diff, share_decimals(before, now))} (från {share_text(before)} till {share_text(now)})")
        return join_list(parts)

    if groups["bättre"]:
        text += f" Förbättrades: {listed(groups['bättre'])}."
    if groups["sämre"]:
        text += f" Försämrades: {listed(groups['sämre'])}."
    return text


def _number(n: int) -> str:
    return "ingen" if n == 0 else number_in_text(n)


def _numbers(counts: list[int]) -> list[str]:
    """Counts in one sentence written alike (digits when any is above twelve); zero is ``ingen``."""
    return ["ingen" if n == 0 else w for n, w in zip(counts, counts_in_text(counts))]


def _indicators(n: int) -> str:
    return "ingen indikator" if n == 0 else f"{number_in_text(n)} {'indikator' if n == 1 else 'indikatorer'}"


def describe_target_summary(met_national: list[bool], met_internal: list[bool], year: int) -> str:
    """``Under 2025 nådde ingen av fem indikatorer med nationellt målvärde målet, och ingen av tre med internt mål.``"""
    parts = []
    groups = [(met, kind) for met, kind in ((met_national, "med nationellt målvärde"), (met_internal, "med internt mål")) if met]
    written = _numbers([n for met, _ in groups for n in (sum(met), len(met))])
    for i, (met, kind) in enumerate(groups):
        noun = "indikator" if len(met) == 1 and not parts else ("indikatorer" if not parts else "")
        whole = written[2 * i + 1].replace("ingen", "noll")
        parts.append(f"{written[2 * i]} av {whole} {noun} {kind}".replace("  ", " "))
    if not parts:
        return ""
    return f"Under {year} nådde {parts[0]} målet" + (f", och {parts[1]}." if len(parts) > 1 else ".")


def describe_registrations(registrations: pd.Series, previous: int, year: int) -> str:
    return describe_count_change("Antalet registrerade dödsfall i Svenska palliativregistret", registrations.get(previous),
                                 registrations.get(year), previous, year, "registrering", "registreringar")


def caution_text(small: dict[str, float], catalogue_text: dict[str, str], limit: int) -> str:
    """Indicators whose share rests on few deaths, where one death moves the share by several procentenheter."""
    listed = join_list([f"{label_in_text(catalogue_text[k])} ({quantity(int(n), 'dödsfall', 'dödsfall', neuter=True)})" for k, n in small.items()])
    smallest = min(small.values())
    step = format_number(100.0 / smallest) if smallest else "100"
    return (f"Andelarna för {listed} bygger på färre än {limit} dödsfall. Ett enda dödsfall ändrar då andelen med upp till "
            f"{step}{NBSP}procentenheter, så andelarna och förändringarna ska tolkas med försiktighet.")


def describe_missing_indicators(names: list[str]) -> str:
    return f"Underlaget har inga värden för {join_list([label_in_text(n) for n in names])}." if names else ""


def group_alt(group: str, indicators: list[Indicator], shares: pd.DataFrame, targets: dict[str, Targets], years: list[int]) -> str:
    """What the figure of an indicator group shows, and its main message: each value against its targets."""
    year = years[-1]
    lines = []
    for indicator in indicators:
        t = targets[indicator.id]
        goals = [f"internt mål {share_text(t.internal)}" if not is_missing(t.internal) else "",
                 f"nationellt mål {share_text(t.national)}" if not is_missing(t.national) else ""]
        goals_text = join_list([g for g in goals if g])
        lines.append(f"{indicator.text}: {share_text(shares.at[indicator.id, year])} år {year}" + (f" ({goals_text})" if goals_text else ""))
    reached = sum(bool(meets(shares.at[i.id, year], targets[i.id].national, i.higher_is_better)) for i in indicators)
    return (f"Liggande stapeldiagram över {_indicators(len(indicators))} i gruppen {label_in_text(group)} för {join_list([str(y) for y in years])}, "
            f"med nationellt målvärde som streckad linje och internt mål som prickad linje. {'. '.join(lines)}. "
            + (f"Av {_indicators(len(indicators))} nådde {counts_in_text([len(indicators), reached])[1]} sitt nationella målvärde {year}."
               if len(indicators) > 12 else  # never a sentence that starts with digits
               f"{capitalize_first(_number(reached) if reached < len(indicators) else 'alla')} av {_indicators(len(indicators))} nådde "
               f"sitt nationella målvärde {year}."))
