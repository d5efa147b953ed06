"""No masked count can be worked out from everything a chapter publishes, taken together (issue 14).

For every chapter that masks, a reader (``masking_attack``, written without
``helpers``) reads all the chapter's tables as displayed, the key figures
and the sums between them (within a table, and where one count is shown in
two tables or in the key-figure file), and enumerates every whole-number
assignment of the hidden counts that fits. Every small count (1 … t−1)
below verksamhetsområde must be hidden and keep at least two possible
values. Over the demo data of every demo kommun, and over generated data with
small counts. The sentences and key figures are tested by changing a hidden
count where the tables show the same: then nothing the chapter publishes may
change (it cannot carry the count).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import random
import re

import pandas as pd
import pytest
from masking_attack import Reader, number, read_tables

import helpers.chapters.synpunkter as syn
from helpers import privacy
from helpers.chapters import get
from helpers.chapters.ej_verkstallda import sections as ej_sections
from helpers.chapters.ej_verkstallda.masking import mask as ej_mask
from helpers.chapters.ej_verkstallda.published import build_cells
from helpers.chapters.genomforandeplaner import metrics as gp_metrics
from helpers.chapters.genomforandeplaner import sections as gp_sections
from helpers.chapters.kvalitetsregister import sections as kr_sections
from helpers.config import Params, SynpunkterSettings, load_params

DEMO = ("ekdala", "bjorkvik", "sjohamn")
T = 5


@functools.cache
def ekdala_params() -> Params:
    return load_params("ekdala", 2025)


def publication(chapter_id: str, data) -> tuple[list[str], str]:
    """Everything the chapter publishes for a kommun: its blocks' Markdown and its key-figure JSON."""
    chapter = get(chapter_id)
    blocks = [b.markdown for b in chapter.section_blocks(data)]
    return blocks, json.dumps(chapter.key_figures(data), ensure_ascii=False, sort_keys=True, default=str)


def assert_rest_unchanged_when_tables_are(chapter_id: str, data, other) -> bool:
    """If every table of ``other`` looks as in ``data``, so must every sentence, figure and key figure.

    Returns whether the tables looked the same (the change was hidden), so the caller can count real checks.
    """
    before, after = publication(chapter_id, data), publication(chapter_id, other)
    if read_tables(before[0]) != read_tables(after[0]):
        return False
    assert len(before[0]) == len(after[0])
    for a, b in zip(before[0], after[0]):
        assert a == b, f"a hidden count changes what the chapter writes:\n{a}\n---\n{b}"
    assert before[1] == after[1], "a hidden count changes the key figures"
    return True


def assert_protected(reader: Reader, truth: dict[str, int], protect=lambda n, v: 0 < v < T) -> int:
    """Every protected count is hidden where it is published and keeps two values or more; returns how many were checked."""
    wanted = [n for n, v in truth.items() if protect(n, v) and n in reader.shown]
    for n in wanted:
        assert reader.shown[n] in ("..",) or reader.shown[n].startswith("<"), f"{n} = {truth[n]} is shown as {reader.shown[n]}"
    possible = reader.possible_values(wanted)
    for n in wanted:
        assert truth[n] in possible[n], f"{n}: the reader's rules exclude the true value {truth[n]}"
        assert len(possible[n]) >= 2, f"{n} can be worked out: {possible[n]}"
    return len(wanted)


# ------------------------------------------------------------------ synpunkter


def synpunkter_reader(tables: dict[str, list[list[str]]]) -> Reader:
    """The table per verksamhetsområde and enhet and the table per verksamhetsområde and typ, with their sums."""
    reader = Reader(T)
    units: dict[str, list[str]] = {}
    for area, unit, shown in tables["syn-enhet"][1:]:
        if area == "Totalt":
            reader.see("alla", shown)
        elif unit.startswith("Summa"):
            reader.see(f"område:{area}", shown)
            units.setdefault(area, [])
        else:
            reader.see(f"enhet:{area}:{unit}", shown)
            units.setdefault(area, []).append(f"enhet:{area}:{unit}")
    for area, names in units.items():
        if names:
            reader.add_sum(f"område:{area}", names)
    reader.add_sum("alla", [f"område:{a}" for a in units])
    header, *rows = tables["syn-verksamhet"]
    kinds = header[1:-1]
    areas = [r[0] for r in rows if r[0] not in ("Summa per verksamhetsområde", "Antal unika synpunkter")]
    for row in rows:
        if row[0] == "Antal unika synpunkter":
            continue
        prefix = "alla" if row[0] == "Summa per verksamhetsområde" else f"område:{row[0]}"
        for kind, shown in zip(kinds, row[1:-1]):
            reader.see(f"{prefix}:{kind}", shown)
        reader.see(prefix, row[-1])
        reader.add_sum(prefix, [f"{prefix}:{k}" for k in kinds])
    for kind in kinds:
        reader.add_sum(f"alla:{kind}", [f"område:{a}:{kind}" for a in areas])
    return reader


def synpunkter_truth(data) -> dict[str, int]:
    """The true count per verksamhetsområde and enhet of the report year, counted here from the rows."""
    rows = data.rows_of(data.year)[["verksamhetsomrade", "enhet"]].explode("verksamhetsomrade").dropna(subset=["verksamhetsomrade"])
    rows = rows.fillna({"enhet": syn.metrics.UNIT_MISSING})
    return {f"enhet:{a}:{u}": int(n) for (a, u), n in rows.groupby(["verksamhetsomrade", "enhet"]).size().items()}


@pytest.mark.parametrize("kommun", DEMO)
def test_demo_synpunkter_per_enhet_cannot_be_worked_out(demo_data, kommun):
    data = get("synpunkter").load(load_params(kommun, 2025))
    if data.missing_notice:
        assert kommun == "sjohamn"
        assert not any("<5" in b for b in publication("synpunkter", data)[0])
        return
    tables = read_tables(get("synpunkter").section_blocks(data))
    checked = assert_protected(synpunkter_reader(tables), synpunkter_truth(data))
    assert checked == {"ekdala": 10, "bjorkvik": 25}[kommun]  # every <5 of the table


def synpunkter_data(areas: dict[str, list[int]], extra_areas: int = 0):
    """Synpunkter 2025 with ``areas[a][i]`` about enhet ``E{i}`` of area ``a`` (a few about two areas when ``extra_areas``)."""
    records = []
    for area, counts in areas.items():
        for i, n in enumerate(counts):
            records += [{"verksamhetsomrade": (area,), "enhet": f"E{i} {area}", "typ": "Beröm" if k % 3 else "Klagomål"} for k in range(n)]
    names = list(areas)
    for record in records[:extra_areas] if len(names) > 1 else []:
        area = record["verksamhetsomrade"][0]
        record["verksamhetsomrade"] = (area, names[(names.index(area) + 1) % len(names)])
    rows = pd.DataFrame([{"id": f"S{i}", "inkommen_datum": pd.Timestamp("2025-03-01"), "kanal": "E-post", "tema": ("Bemötande",),
                          "besvarad_datum": pd.Timestamp("2025-03-05"), "ledde_till_avvikelse": False, "ledde_till_lex_sarah": False,
                          "ar": 2025, **r} for i, r in enumerate(records)])
    params = ekdala_params().model_copy(update={"synpunkter": SynpunkterSettings(verksamhetsomraden=names)})
    return syn.loading.SynpunkterData(params, rows, [2025])


def test_generated_nested_areas_of_one_two_and_three_enheter():
    """Hundreds of verksamhetsområden of one, two or three enheter with small counts, some synpunkter about two areas."""
    rng = random.Random(20261203)
    checked = collapsed = 0
    for case in range(300):
        areas = {f"Område {a}": [rng.choice([1, 1, 2, 3, 4, 5, 6, 9]) for _ in range(rng.randint(1, 3))] for a in range(rng.randint(1, 3))}
        data = synpunkter_data(areas, extra_areas=rng.choice([0, 0, 2]))
        blocks = syn.sections.section_areas(data) + syn.sections.section_units(data)
        tables = read_tables(blocks)
        checked += assert_protected(synpunkter_reader(tables), synpunkter_truth(data))
        collapsed += sum(1 for _, unit, _ in tables["syn-enhet"][1:] if unit == "Summa (enheterna visas inte)")
    assert checked > 300 and collapsed > 20


def test_the_issue_example_an_only_enhet_and_an_enhet_pinned_by_its_area_total():
    """Issue 14: a lone enhet (4) whose area total the next table prints, and 9 + 8 + 6 of 25 that pinned a <5 at 2."""
    data = synpunkter_data({"Hemtjänst": [9, 8, 6, 2], "IFO": [4]})
    tables = read_tables(syn.sections.section_areas(data) + syn.sections.section_units(data))
    assert ["IFO", "Summa (enheterna visas inte)", "4"] in tables["syn-enhet"]
    assert [r[2] for r in tables["syn-enhet"][1:5]] == ["9", "8", "..", "<5"]  # one cell hidden, the smallest that protects
    assert tables["syn-verksamhet"][2][-1] == "4"  # the area total, in the other table
    reader = synpunkter_reader(tables)
    assert reader.possible_values(["enhet:Hemtjänst:E3 Hemtjänst"]) == {"enhet:Hemtjänst:E3 Hemtjänst": {1, 2, 3}}
    assert assert_protected(reader, synpunkter_truth(data)) == 1


def test_synpunkter_text_and_key_figures_do_not_depend_on_a_hidden_count(demo_data):
    """Move one synpunkt between two hidden enheter of an area: the tables look the same, so must everything else."""
    data = get("synpunkter").load(load_params("ekdala", 2025))
    rows = data.rows.copy()
    current = rows[(rows["ar"] == 2025) & (rows["verksamhetsomrade"].map(len) == 1)]
    truth = synpunkter_truth(data)
    moved = 0
    for index, row in current.iterrows():
        area, unit = row["verksamhetsomrade"][0], row["enhet"]
        if pd.isna(unit) or not 2 <= truth.get(f"enhet:{area}:{unit}", 0) < T:
            continue
        others = [k.split(":", 2)[2] for k, v in truth.items() if k.startswith(f"enhet:{area}:") and 1 <= v <= T - 2
                  and not k.endswith(f":{unit}") and not k.endswith(syn.metrics.UNIT_MISSING)]
        if not others:
            continue
        changed = rows.copy()
        changed.at[index, "enhet"] = others[0]
        other = dataclasses.replace(data, rows=changed)
        assert synpunkter_truth(other) != truth
        moved += assert_rest_unchanged_when_tables_are("synpunkter", data, other)
    assert moved >= 2


# ------------------------------------------------------------------ genomförandeplaner


def share_parts(text: str) -> tuple[int, int] | None:
    """``86,2 % (50 av 58)`` → (50, 58); None for a hidden share."""
    found = re.search(r"\((\d[\d ]*) av (\d[\d ]*)\)", text)
    return (number(found.group(1)), number(found.group(2))) if found else None  # type: ignore[return-value]


def genomforandeplaner_reader(tables: dict[str, list[list[str]]]) -> Reader:
    """Per enhet: brukare, and per measure ja of brukare (nej = brukare − ja); the verksamheter's and kommun's totals."""
    reader = Reader(T)
    header, *rows = tables["gp-enhet"]
    measures = header[3:]
    units: dict[str, list[str]] = {}
    for verksamhet, unit, brukare, *shares in rows:
        name = verksamhet if unit == "Summa" else f"{verksamhet}:{unit}"
        reader.see(f"b:{name}", brukare)
        if unit != "Summa":
            units.setdefault(verksamhet, []).append(name)
        for m, text in zip(measures, shares):
            parts = share_parts(text)
            if parts:
                reader.see(f"ja:{name}:{m}", str(parts[0]))
            elif text == "..":
                reader.see(f"ja:{name}:{m}", "..", low=0)
            else:
                assert text == "–" and brukare == "0", (name, text)
                reader.see(f"ja:{name}:{m}", "0")
            reader.unseen(f"nej:{name}:{m}")
            reader.add_sum(f"b:{name}", [f"ja:{name}:{m}", f"nej:{name}:{m}"])
    for verksamhet, names in units.items():
        reader.add_sum(f"b:{verksamhet}", [f"b:{n}" for n in names])
        for m in measures:
            reader.add_sum(f"ja:{verksamhet}:{m}", [f"ja:{n}:{m}" for n in names])
    header, *rows = tables["gp-verksamhet"]
    for verksamhet, brukare, *shares in rows:
        reader.see(f"b:{verksamhet}", brukare)
        for m, text in zip(measures, shares):
            reader.see(f"ja:{verksamhet}:{m}", str(share_parts(text)[0]))  # type: ignore[index]
    for m in measures:
        reader.add_sum(f"ja:Totalt:{m}", [f"ja:{r[0]}:{m}" for r in rows if r[0] != "Totalt"])
    reader.add_sum("b:Totalt", [f"b:{r[0]}" for r in rows if r[0] != "Totalt"])
    return reader


def genomforandeplaner_truth(data, measures: list[str]) -> tuple[dict[str, int], set[str]]:
    """The true counts per enhet of the report year, and those to protect: all of an enhet with 1–4 brukare, else small ja or nej."""
    truth, protected = {}, set()
    current = data.units[data.units["ar"] == data.year]
    columns = dict(zip(gp_metrics.MEASURES, measures))
    for _, row in current.iterrows():
        name = f"{row['verksamhet']}:{row['enhet']}"
        b = int(row["brukare"])
        truth[f"b:{name}"] = b
        if 0 < b < T:
            protected.add(f"b:{name}")
        for column, m in columns.items():
            ja = int(row[column])
            for kind, n in (("ja", ja), ("nej", b - ja)):
                truth[f"{kind}:{name}:{m}"] = n
                if 0 < b < T or 0 < n < T:
                    protected.add(f"{kind}:{name}:{m}")
    return truth, protected


def check_genomforandeplaner(data) -> int:
    tables = read_tables(get("genomforandeplaner").section_blocks(data))
    measures = tables["gp-enhet"][0][3:]
    truth, protected = genomforandeplaner_truth(data, measures)
    return assert_protected(genomforandeplaner_reader(tables), truth, lambda n, v: n in protected)


@pytest.mark.parametrize("kommun", DEMO)
def test_demo_genomforandeplaner_per_enhet_cannot_be_worked_out(demo_data, kommun):
    data = get("genomforandeplaner").load(load_params(kommun, 2025))
    if data.missing_notice:
        assert kommun == "sjohamn"
        return
    assert check_genomforandeplaner(data) == {"ekdala": 20, "bjorkvik": 15}[kommun]


# ------------------------------------------------------------------ ej verkställda beslut


def ej_verkstallda_reader(tables: dict[str, list[list[str]]], figures: dict) -> Reader:
    """Every table of the chapter by its row and column labels, the sums a reader knows, and the key figures.

    A table's year shown as nothing but ``..`` (beside the year's total) is a group left out: there ``..`` may be any count.
    """
    seen: list[tuple[str, str, str]] = []  # (name, shown, group: table and year)
    sums: list[tuple[str, list[str]]] = []
    header, *rows = tables["evb-oversikt"]
    years = header[1:]
    cur = years[-1]
    labels = {"Rapporterade beslut": "beslut", "varav barn under 18 år": "barn", "varav vuxna": "vuxna",
              "Väntat mer än 12 månader": "vantetid:Mer än 12 månader"}
    statuses = [r[0] for r in rows if r[0] not in labels]
    for label, *cells in rows:
        for y, text in zip(years, cells):
            if text != "–":
                name = labels.get(label, "status:" + label)
                group = "beslut" if name == "beslut" else "barn" if name in ("barn", "vuxna") else "vantetid"  # statuses: as in the waiting table
                seen.append((f"{y}:{name}", text, f"{group}:{y}"))
    present = [y for y in years if any(n == f"{y}:beslut" for n, _, _ in seen)]
    for y in present:
        sums.append((f"{y}:beslut", [f"{y}:barn", f"{y}:vuxna"]))
        sums.append((f"{y}:beslut", [f"{y}:status:{s}" for s in statuses]))
    if "evb-insats" in tables:
        header, *rows = tables["evb-insats"]
        laws, members = [], []
        for label, lagrum, *cells in rows:
            name = "beslut" if label == "Totalt" else f"lag:{label.split()[-1]}" if label.startswith("Summa ") else f"insats:{lagrum}|{label}"
            for y, text in zip(header[2:], cells):
                if text != "–":
                    seen.append((f"{y}:{name}", text, f"insats:{y}"))
            if label.startswith("Summa "):
                laws.append(name)
                sums += [(f"{y}:{name}", [f"{y}:{n}" for n in members]) for y in present]
                members = []
            elif label != "Totalt":
                members.append(name)
        sums += [(f"{y}:beslut", [f"{y}:{n}" for n in (laws or members)]) for y in present]
    if "evb-kvartal" in tables:
        header, *rows = tables["evb-kvartal"]
        for label, *cells in rows:
            for column, text in zip(header[1:], cells):
                y = column.split()[-1]
                kind = "nya" if column.startswith("Varav nya") else "kvartal"
                if text != "–":
                    seen.append((f"{y}:beslut" if label == "Beslut under året" else f"{y}:{kind}:{label.split()[-1]}", text, f"kvartal:{y}"))
        sums.append((f"{cur}:beslut", [f"{cur}:nya:{q}" for q in "1234"]))
        sums.append((f"{cur}:kvartal:1", [f"{cur}:nya:1"]))  # in the year's first quarter every decision is new
    shares: list[tuple[str, str]] = []
    if "evb-orsak" in tables:
        header, *rows = tables["evb-orsak"]
        for label, *cells in rows:
            name = "beslut" if label == "Totalt" else f"orsak:{label}"
            for y, text in zip(header[1:3], cells):
                if text != "–":
                    seen.append((f"{y}:{name}", text, f"orsak:{y}"))
            if cells[2] != ".." and label != "Totalt":
                shares.append((f"{cur}:{name}", cells[2]))
        sums += [(f"{y}:beslut", [f"{y}:orsak:{r[0]}" for r in rows if r[0] != "Totalt"]) for y in present]
    if "evb-vantetid" in tables:
        header, *rows = tables["evb-vantetid"]
        buckets = header[1:-1]
        for label, *cells in rows:
            for bucket, text in zip(buckets, cells):
                seen.append((f"{cur}:vantetid:{bucket}" if label == "Totalt" else f"{cur}:vantetid:{label}:{bucket}", text, f"vantetid:{cur}"))
            seen.append((f"{cur}:beslut" if label == "Totalt" else f"{cur}:status:{label}", cells[-1], f"vantetid:{cur}"))
        sums += [(f"{cur}:status:{s}", [f"{cur}:vantetid:{s}:{b}" for b in buckets]) for s in statuses]
        sums += [(f"{cur}:vantetid:{b}", [f"{cur}:vantetid:{s}:{b}" for s in statuses]) for b in buckets]
        sums.append((f"{cur}:beslut", [f"{cur}:vantetid:{b}" for b in buckets]))
    groups: dict[str, list[str]] = {}
    for name, text, group in seen:
        if not name.endswith(":beslut"):
            groups.setdefault(group, []).append(text)
    left_out = {name for name, _, group in seen if all(t == ".." for t in groups.get(group, ["0"]))}
    reader = Reader(T)
    for name, text, _ in seen:
        reader.see(name, text, low=0 if name in left_out else None)
    for name, text in shares:  # a shown share of the year's shown total gives the count
        reader.see(name, str(round(float(text.replace(" %", "").replace(",", ".")) * number(reader.shown[f"{cur}:beslut"]) / 100)))
    for total, parts in sums:
        reader.add_sum(total, parts)
    for y, n in figures["antal"].items():
        if n is not None:
            reader.see(f"{y}:beslut", str(n))
    for key, name in (("barn_under_18", "barn"), ("verkstallda", "status:Verkställda under året"),
                      ("avslutade", "status:Avslutade utan att verkställas"),
                      ("ej_verkstallda_vid_arets_slut", "status:Ej verkställda vid årets slut"),
                      ("vantat_mer_an_12_manader", "vantetid:Mer än 12 månader")):
        reader.see(f"{cur}:{name}", str(figures[key]), low=0 if f"{cur}:{name}" in left_out else None)
    return reader


def ej_verkstallda_truth(data) -> dict[str, int]:
    """Every count of the decisions, counted here from the decisions of each year (the year totals are not protected)."""
    truth: dict[str, int] = {}
    labels = {"verkstallt": "Verkställda under året", "avslutat": "Avslutade utan att verkställas", "vantar": "Ej verkställda vid årets slut"}
    buckets = {"under_3": "Under 3 månader", "3_6": "3–6 månader", "6_12": "6–12 månader", "over_12": "Mer än 12 månader"}
    for y, frame in data.decisions.items():
        truth[f"{y}:barn"], truth[f"{y}:vuxna"] = int(frame["under_18"].sum()), int((~frame["under_18"]).sum())
        for (lagrum, insats), n in frame.groupby(["lagrum", "insats"]).size().items():
            truth[f"{y}:insats:{lagrum}|{insats}"] = int(n)
        for law, n in frame["lag"].value_counts().items():
            truth[f"{y}:lag:{law}"] = int(n)
        for reason, n in frame["orsak"].value_counts().items():
            truth[f"{y}:orsak:{reason}"] = int(n)
        for status, n in frame["status"].value_counts().items():
            truth[f"{y}:status:{labels[status]}"] = int(n)
        for q in (1, 2, 3, 4):
            truth[f"{y}:kvartal:{q}"] = int(frame["kvartal"].map(lambda qs, q=q: q in qs).sum())
            truth[f"{y}:nya:{q}"] = int((frame["forsta_kvartal"] == q).sum())
        for bucket, n in frame["vantetid"].value_counts().items():
            truth[f"{y}:vantetid:{buckets[bucket]}"] = int(n)
        for (status, bucket), n in frame.groupby(["status", "vantetid"]).size().items():
            truth[f"{y}:vantetid:{labels[status]}:{buckets[bucket]}"] = int(n)
    return truth


def check_ej_verkstallda(data) -> int:
    chapter = get("ej_verkstallda")
    reader = ej_verkstallda_reader(read_tables(chapter.section_blocks(data)), chapter.key_figures(data))
    return assert_protected(reader, ej_verkstallda_truth(data))


@pytest.mark.parametrize("kommun", DEMO)
def test_demo_ej_verkstallda_tables_sentences_and_key_figures_together(demo_data, kommun):
    data = get("ej_verkstallda").load(load_params(kommun, 2025))
    if data.missing_notice:
        assert kommun == "sjohamn"
        return
    assert check_ej_verkstallda(data) == {"ekdala": 29, "bjorkvik": 24}[kommun]


# ------------------------------------------------------------------ kvalitetsregister (Senior Alert per boendeform)


def kvalitetsregister_reader(tables: dict[str, list[list[str]]], truth: dict[str, int]) -> Reader:
    """Both tables per boendeform, column by column with the totals, and within a year: uppföljda ≤ åtgärdsplan ≤ med risk ≤ riskbedömningar.

    A shown share gives its numerator (taken exactly, which is more than the rounded share tells).
    """
    reader = Reader(T)
    for label in ("kr-boendeform", "kr-boendeform-risk"):
        if label not in tables:
            continue
        header, *rows = tables[label]
        forms = [r[0] for r in rows if r[0] != "Totalt"]
        for column_index, column in enumerate(header[1:], start=1):
            for form, *cells in rows:
                text = cells[column_index - 1]
                name = f"{column}:{form}"
                if column.startswith(("Åtgärdsplan", "Uppföljda")):
                    text = str(truth[name]) if text not in ("..", "–") else "0" if text == "–" else ".."
                    reader.see(name, text, low=0)
                else:
                    reader.see(name, "0" if text == "–" else text)
            reader.add_sum(f"{column}:Totalt", [f"{column}:{f}" for f in forms])
    if "kr-boendeform" in tables:
        header, *rows = tables["kr-boendeform"]
        year = header[-1].split()[-1]
        chain = [f"Uppföljda {year}", f"Åtgärdsplan {year}", f"Med risk {year}", f"Riskbedömningar {year}"]
        for form in [r[0] for r in rows]:
            for small, large in zip(chain, chain[1:]):
                reader.unseen(f"{large}>{small}:{form}")
                reader.add_sum(f"{large}:{form}", [f"{small}:{form}", f"{large}>{small}:{form}"])
    return reader


def kvalitetsregister_truth(data, tables: dict[str, list[list[str]]]) -> dict[str, int]:
    """The true count behind every cell of the tables per boendeform, counted here from the register's rows."""
    rows = data.senior_alert[data.senior_alert["boendeform"] != "Totalt"]
    per_form = rows.groupby(["ar", "boendeform"]).sum(numeric_only=True, min_count=1)
    columns = {"Riskbedömningar": "riskbedomningar", "Med risk": "med_risk", "Åtgärdsplan": "atgardsplan", "Uppföljda": "uppfoljning",
               "Fall": "risk_fall", "Trycksår": "risk_trycksar", "Undernäring": "risk_undernaring", "Munhälsa": "risk_munhalsa",
               "Blåsdysfunktion": "risk_blasdysfunktion", "Med trycksår": "trycksar_personer"}
    truth = {}
    for label in ("kr-boendeform", "kr-boendeform-risk"):
        header, *table_rows = tables.get(label, [[]])
        for column in header[1:]:
            what, year = column.rsplit(" ", 1)
            forms = [r[0] for r in table_rows if r[0] != "Totalt"]
            for form in forms:
                value = per_form[columns[what]].get((int(year), form))
                truth[f"{column}:{form}"] = 0 if value is None or pd.isna(value) else int(value)
            truth[f"{column}:Totalt"] = sum(truth[f"{column}:{f}"] for f in forms)  # published (the process table)
    return truth


def check_kvalitetsregister(data) -> int:
    tables = read_tables(get("kvalitetsregister").section_blocks(data))
    if "kr-boendeform" not in tables:
        return 0
    truth = kvalitetsregister_truth(data, tables)
    return assert_protected(kvalitetsregister_reader(tables, truth), {n: v for n, v in truth.items() if not n.endswith(":Totalt")})


@pytest.mark.parametrize("kommun", DEMO)
def test_demo_senior_alert_per_boendeform_cannot_be_worked_out(demo_data, kommun):
    data = get("kvalitetsregister").load(load_params(kommun, 2025))
    assert check_kvalitetsregister(data) == {"ekdala": 5, "bjorkvik": 11, "sjohamn": 0}[kommun]


# ------------------------------------------------------------------ sentences and key figures: a hidden change changes nothing


def test_genomforandeplaner_text_and_key_figures_do_not_depend_on_a_hidden_count(demo_data):
    """Move one brukare's plan between two enheter whose shares are hidden: nothing published may change."""
    data = get("genomforandeplaner").load(load_params("ekdala", 2025))
    tables = read_tables(get("genomforandeplaner").section_blocks(data))
    hidden = {(r[0], r[1], m) for r in tables["gp-enhet"][1:] for m, text in zip(gp_metrics.MEASURES, r[3:]) if text == ".."}
    current = data.units[data.units["ar"] == data.year]
    moved = 0
    for (v, a, m) in sorted(hidden):
        for (v2, b, m2) in sorted(hidden):
            if v2 != v or m2 != m or b == a:
                continue
            ia = current.index[(current["verksamhet"] == v) & (current["enhet"] == a)][0]
            ib = current.index[(current["verksamhet"] == v) & (current["enhet"] == b)][0]
            if not (current.at[ia, m] >= 1 and current.at[ib, m] < current.at[ib, "brukare"]):
                continue
            units = data.units.copy()
            units.loc[ia, m] -= 1
            units.loc[ib, m] += 1
            moved += assert_rest_unchanged_when_tables_are("genomforandeplaner", data, dataclasses.replace(data, units=units))
            if moved >= 4:
                return
    raise AssertionError(f"only {moved} hidden changes found")


def ej_verkstallda_with(data, frames: dict[int, pd.DataFrame]):
    """The chapter's data for other decisions, masked as ``load`` masks."""
    s = data.params.ej_verkstallda
    cells, pairs, laws = build_cells(frames, data.year, s.lagrum, s.insatser, s.orsaker)
    return dataclasses.replace(data, decisions=frames, masked=ej_mask(cells, data.params.maskering.troskel), pairs=pairs, laws=laws)


@pytest.mark.parametrize("kommun", ["ekdala", "bjorkvik"])
def test_ej_verkstallda_text_and_key_figures_do_not_depend_on_a_hidden_count(demo_data, kommun):
    """Give one decision another reason, or another insats of the same law, where both counts are <5."""
    data = get("ej_verkstallda").load(load_params(kommun, 2025))
    truth = ej_verkstallda_truth(data)
    frame = data.decisions[data.year]
    moved = 0
    for index, row in frame.iterrows():
        changes = [("orsak", r) for r in data.params.ej_verkstallda.orsaker if r != row["orsak"]
                   and 2 <= truth.get(f"{data.year}:orsak:{row['orsak']}", 0) < T and 1 <= truth.get(f"{data.year}:orsak:{r}", 0) <= T - 2]
        changes += [("insats", (lagrum, insats)) for lagrum, insats in data.pairs if lagrum.split()[-1] == row["lag"]
                    and (lagrum, insats) != (row["lagrum"], row["insats"])
                    and 2 <= truth[f"{data.year}:insats:{row['lagrum']}|{row['insats']}"] < T
                    and 1 <= truth.get(f"{data.year}:insats:{lagrum}|{insats}", 0) <= T - 2]
        for column, value in changes[:2]:
            changed = frame.copy()
            if column == "orsak":
                changed.at[index, "orsak"] = value
            else:
                changed.at[index, "lagrum"], changed.at[index, "insats"] = value
            other = ej_verkstallda_with(data, {**data.decisions, data.year: changed})
            moved += assert_rest_unchanged_when_tables_are("ej_verkstallda", data, other)
    assert moved >= 2


def test_senior_alert_text_and_key_figures_do_not_depend_on_a_hidden_count(demo_data):
    """Move one person at risk between two boendeformer that both show <5 in a column."""
    data = get("kvalitetsregister").load(load_params("bjorkvik", 2025))
    tables = read_tables(get("kvalitetsregister").section_blocks(data))
    truth = kvalitetsregister_truth(data, tables)
    columns = {"Fall": "risk_fall", "Trycksår": "risk_trycksar", "Undernäring": "risk_undernaring", "Munhälsa": "risk_munhalsa",
               "Med trycksår": "trycksar_personer"}
    header, *rows = tables["kr-boendeform-risk"]
    moved = 0
    for j, column in enumerate(header[1:], start=1):
        what, year = column.rsplit(" ", 1)
        small = [r[0] for r in rows if r[j] == "<5"]
        sources = [f for f in small if truth[f"{column}:{f}"] >= 2]
        targets = [f for f in small if truth[f"{column}:{f}"] <= T - 2]
        if what not in columns or not sources or not [f for f in targets if f != sources[0]]:
            continue
        frame = data.senior_alert
        source, target = sources[0], next(f for f in targets if f != sources[0])
        picks = [frame.index[(frame["ar"] == int(year)) & (frame["boendeform"] == f) & (frame[columns[what]] > k)][0] for f, k in ((source, 0), (target, -1))]
        changed = frame.copy()
        changed.loc[picks[0], columns[what]] -= 1
        changed.loc[picks[1], columns[what]] += 1
        moved += assert_rest_unchanged_when_tables_are("kvalitetsregister", data, dataclasses.replace(data, senior_alert=changed))
    assert moved >= 1


# ------------------------------------------------------------------ the reader is not blind: it finds what a weaker masking leaks


def test_reader_finds_the_counts_that_primary_masking_alone_would_leak(monkeypatch, demo_data):
    monkeypatch.setattr(privacy, "secondary_cells", lambda values, primary, *args: (primary.copy(), True))
    data = synpunkter_data({"Hemtjänst": [9, 8, 6, 2], "IFO": [4]})
    tables = read_tables(syn.sections.section_areas(data) + syn.sections.section_units(data))
    with pytest.raises(AssertionError, match="can be worked out"):
        assert_protected(synpunkter_reader(tables), synpunkter_truth(data))
    with pytest.raises(AssertionError, match="can be worked out"):
        check_kvalitetsregister(get("kvalitetsregister").load(load_params("bjorkvik", 2025)))


def test_reader_finds_what_ej_verkstallda_and_genomforandeplaner_would_leak_without_their_checks(monkeypatch, demo_data):
    import numpy as np

    monkeypatch.setattr("helpers.chapters.ej_verkstallda.masking.disclosed_cells", lambda values, *a: np.zeros(values.shape, dtype=bool))
    with pytest.raises(AssertionError, match="can be worked out"):
        check_ej_verkstallda(get("ej_verkstallda").load(load_params("ekdala", 2025)))
    monkeypatch.setattr("helpers.chapters.genomforandeplaner.masking.pinned_cells", lambda values, *a: np.zeros(values.shape, dtype=bool))
    with pytest.raises(AssertionError, match="can be worked out"):
        check_genomforandeplaner(get("genomforandeplaner").load(load_params("ekdala", 2025)))


def random_decisions(rng: random.Random, n: int, pairs: list[tuple[str, str]], reasons: list[str]) -> pd.DataFrame:
    """``n`` decisions (one row each, as ``metrics.decisions`` gives them) with random insats, reason, quarters, status and wait."""
    rows = []
    for _ in range(n):
        lagrum, insats = rng.choice(pairs)
        first = rng.randint(1, 4)
        rows.append({"insats": insats, "lagrum": lagrum, "lag": lagrum.split()[-1], "under_18": rng.random() < 0.4,
                     "orsak": rng.choice(reasons), "forsta_kvartal": first, "kvartal": tuple(range(first, rng.randint(first, 4) + 1)),
                     "avslutad_orsak": None, "status": rng.choice(["verkstallt", "avslutat", "vantar"]),
                     "vantetid": rng.choice(["3_6", "6_12", "6_12", "over_12"])})
    return pd.DataFrame(rows)


def test_generated_decisions_publish_no_recoverable_count_in_any_table(demo_data):
    """150 kommuner with 1–14 ej verkställda beslut a year: five tables, the sentences' key figures and their sums together."""
    data = get("ej_verkstallda").load(load_params("ekdala", 2025))
    rng = random.Random(20261204)
    checked = left_out = 0
    for _ in range(150):
        frames = {2025: random_decisions(rng, rng.randint(1, 14), data.pairs, data.params.ej_verkstallda.orsaker)}
        if rng.random() < 0.7:
            frames[2024] = random_decisions(rng, rng.randint(1, 14), data.pairs, data.params.ej_verkstallda.orsaker)
        other = dataclasses.replace(ej_verkstallda_with(data, frames), years_with_data=sorted(frames))
        checked += check_ej_verkstallda(other)
        left_out += bool(other.masked.dropped_groups)
    assert checked > 1000 and left_out > 10


# ------------------------------------------------------------------ what a chapter shows instead of a table it cannot protect


def test_synpunkter_area_whose_enheter_cannot_be_protected_shows_only_its_sum():
    data = synpunkter_data({"Hemtjänst": [9, 8, 6, 2], "IFO": [4]})
    heading, text, table = syn.sections.section_units(data)
    assert text.markdown.strip().endswith(" För IFO visas bara summan: antalen per enhet är så små att de annars skulle kunna räknas fram ur summan.")
    rows = read_tables([table])["syn-enhet"]
    assert [r for r in rows if r[0] == "IFO"] == [["IFO", "Summa (enheterna visas inte)", "4"]]
    assert "E0 IFO" not in table.markdown


def test_genomforandeplaner_verksamhet_whose_enheter_cannot_be_protected_shows_only_its_sum(demo_data):
    data = get("genomforandeplaner").load(load_params("ekdala", 2025))
    extra = pd.DataFrame([{"ar": 2025, "verksamhet": "Korttidsvård", "enhet": "Korttidsboendet Eken", "brukare": 3, "plan": 3,
                           "uppdaterad": 2, "avgiven": 3, "delaktig": 1}])
    other = dataclasses.replace(data, units=pd.concat([data.units, extra], ignore_index=True), verksamheter=[*data.verksamheter, "Korttidsvård"])
    out = gp_sections.section_enheter(other)
    assert out[1].markdown.strip().endswith(" För Korttidsvård visas inga värden per enhet: de små antalen skulle annars kunna räknas fram ur verksamhetens summa.")
    rows = read_tables(out)["gp-enhet"]
    assert [r[:3] for r in rows if r[0] == "Korttidsvård"] == [["Korttidsvård", "Summa", "3"]]
    assert "Korttidsboendet Eken" not in out[-1].markdown
    assert check_genomforandeplaner(other) == 20  # the other verksamheter as before, and nothing of Korttidsvård's enhet


def test_ej_verkstallda_tables_whose_counts_are_left_out_are_replaced_by_a_sentence(demo_data):
    """Three decisions, all kontaktperson enligt SoL with the same reason: per insats and per reason nothing can be shown."""
    data = get("ej_verkstallda").load(load_params("ekdala", 2025))
    rng = random.Random(1)
    frame = random_decisions(rng, 3, [("11 kap. 1 § SoL", "Kontaktperson")], ["Personalbrist"])
    other = dataclasses.replace(ej_verkstallda_with(data, {2025: frame}), years_with_data=[2025])
    assert {"2025:insats", "2025:orsak"} <= other.masked.dropped_groups
    sentence = "visas inte: besluten är så få att enskilda beslut annars skulle kunna räknas fram ur summorna och ur kapitlets andra tabeller."
    insats = ej_sections.section_insats(other)
    assert [b.markdown.strip() for b in insats[1:]] == [f"Fördelningen per insats och lagrum 2025 {sentence}"]
    reasons = ej_sections.section_reasons(other)
    assert [b.markdown.strip() for b in reasons[1:]] == [f"Fördelningen per orsak 2025 {sentence}"]
    tables = read_tables(get("ej_verkstallda").section_blocks(other))
    assert "evb-insats" not in tables and "evb-orsak" not in tables
    assert "Kontaktperson" not in "".join(b.markdown for b in get("ej_verkstallda").section_blocks(other))
    check_ej_verkstallda(other)


def test_ej_verkstallda_year_left_out_beside_a_shown_year_is_marked_and_explained(demo_data):
    """Beside 2024's decisions, 2025's three (all one insats) are shown as .. in the rows that 2024 has."""
    data = get("ej_verkstallda").load(load_params("ekdala", 2025))
    frame = random_decisions(random.Random(2), 3, [("11 kap. 1 § SoL", "Kontaktperson")], ["Personalbrist", "Platsbrist"])
    other = dataclasses.replace(ej_verkstallda_with(data, {2024: data.decisions[2024], 2025: frame}), years_with_data=[2024, 2025])
    assert "2025:insats" in other.masked.dropped_groups
    table = ej_sections.section_insats(other)[-1]
    rows = read_tables([table])["evb-insats"]
    assert all(r[3] == ".." for r in rows[1:-1]) and rows[-1][3] == "3"
    assert table.markdown.rstrip().endswith("\\<5 = färre än fem (1–4). .. = antalet visas inte, så att små antal inte kan räknas fram ur summorna.\n:::")
    check_ej_verkstallda(other)


def senior_alert_with(data, column: str, value: int):
    """Björkvik's Senior Alert with all of 2025's ``column`` in the first enhet's boendeform (``value``), 0 elsewhere."""
    frame = data.senior_alert.copy()
    current = (frame["ar"] == 2025) & (frame["boendeform"] != "Totalt")
    frame.loc[current, column] = 0
    frame.loc[frame.index[current][0], column] = value
    return dataclasses.replace(data, senior_alert=frame)


def test_senior_alert_column_whose_small_count_cannot_be_protected_is_left_out_of_its_table(demo_data):
    """All three persons at risk for undernäring 2025 in one boendeform: that column goes, the rest of both tables stays."""
    data = get("kvalitetsregister").load(load_params("bjorkvik", 2025))
    other = senior_alert_with(data, "risk_undernaring", 3)
    out = kr_sections.section_forms(other)
    tables = read_tables(out)
    assert "Undernäring 2025" not in tables["kr-boendeform-risk"][0]
    assert "Undernäring 2024" in tables["kr-boendeform-risk"][0] and "kr-boendeform" in tables
    assert ("Kolumnen Undernäring 2025 visas inte i tabellen per riskområde och boendeform: antalen är så små att enskilda "
            "värden skulle kunna räknas fram ur summan.") in [b.markdown.strip() for b in out]
    assert check_kvalitetsregister(other) == 10


def test_senior_alert_per_boendeform_left_out_when_its_counts_cannot_be_protected(demo_data):
    """All of 2025's riskbedömningar with risk in one boendeform (three): the tables per boendeform are not shown."""
    data = get("kvalitetsregister").load(load_params("bjorkvik", 2025))
    other = senior_alert_with(data, "med_risk", 3)
    out = kr_sections.section_forms(other)
    assert out[1].markdown.strip() == ("Riskbedömningarna per boendeform 2025 visas inte: antalen är så små att enskilda värden skulle kunna "
                                       "räknas fram ur summorna.")
    assert not read_tables(out)


def test_generated_two_way_tables_as_displayed_cannot_be_worked_out():
    """400 random tables of enheter × categories with small counts (``privacy.suppress``), read back from their display."""
    rng = random.Random(20261205)
    checked = unsafe = 0
    for _ in range(400):
        rows, cols = rng.randint(2, 4), rng.randint(2, 3)
        counts = pd.DataFrame([[rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12]) for _ in range(cols)] for _ in range(rows)],
                              index=[f"E{i}" for i in range(rows)], columns=[f"K{j}" for j in range(cols)])
        masked = privacy.suppress(counts, T)
        if not masked.safe:
            unsafe += 1
            continue
        shown = masked.display()
        reader = Reader(T)
        for unit in shown.index:
            for column in shown.columns:
                reader.see(f"{unit}:{column}", shown.at[unit, column].replace("\u00a0", " "))
            reader.add_sum(f"{unit}:Totalt", [f"{unit}:{c}" for c in shown.columns[:-1]])
        for column in shown.columns:
            reader.add_sum(f"Totalt:{column}", [f"{u}:{column}" for u in shown.index[:-1]])
        truth = {f"{u}:{c}": int(masked.counts.at[u, c]) for u in counts.index for c in shown.columns}
        checked += assert_protected(reader, truth)
    assert checked > 500 and 0 < unsafe < 100
