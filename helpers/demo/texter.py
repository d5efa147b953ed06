"""The demo organisations' own texts for their report outlines (fictional, short, plausible).

- Ekdala (outline ``savsjo``): a text for every slot, with an image (its table is in the riskanalys chapter's own text).
- Björkvik (a stadsdelsförvaltning, outline ``ils``): some slots left empty, which the
  ILS template shows as "Inget att redovisa".
- Sjöhamn (outline ``sosfs``, draft): only the introduction, so the draft shows placeholders.
"""

from __future__ import annotations

from pathlib import Path

from .common import write_text

YEAR = 2025

EKDALA = {
    "sammanfattning": """\
Under 2025 har förvaltningen fortsatt att bygga ut det systematiska kvalitetsarbetet. Fler avvikelser
rapporteras, vilket vi ser som ett tecken på en starkare rapporteringskultur, och brukarundersökningarna
visar goda resultat inom hemtjänsten. Dokumentationen av genomförandeplaner behöver bli bättre.
""",
    "bakgrund": """\
Socialnämnden ansvarar för att det finns ett ledningssystem för systematiskt kvalitetsarbete enligt
Socialstyrelsens föreskrifter och allmänna råd (SOSFS 2011:9). Kvalitetsberättelsen beskriver hur
arbetet med att utveckla och säkra kvaliteten har bedrivits under året, vilka åtgärder som har
vidtagits och vilka resultat som har uppnåtts.

Verksamheten bedrivs enligt socialtjänstlagen (SoL), lagen om stöd och service till vissa
funktionshindrade (LSS), LVM och LVU samt hälso- och sjukvårdslagen (HSL).
""",
    "egenkontroller-under-aret": """\
Egenkontrollerna omfattade journalgranskning, kontroll av genomförandeplaner och uppföljning av
läkemedelshantering. Antalet genomförda egenkontroller per kvartal visas i figuren.

![Antal genomförda egenkontroller per kvartal 2025: 14 första kvartalet, 18 andra, 11 tredje och 21 fjärde. Flest genomfördes under fjärde kvartalet.](bilder/egenkontroller-per-kvartal.png)

Journalgranskningen visade att dokumentationen av den enskildes delaktighet behöver förbättras.
""",
    "granskning": """\
IVO genomförde under året en tillsyn av ett särskilt boende; tillsynen avslutades utan krav på
åtgärder. Kommunens revisorer granskade nämndens arbete med intern kontroll och lämnade två
rekommendationer, som båda har förts in i nästa års internkontrollplan.
""",
    "forbattringsarbete": """\
## Äldreomsorg

- Fallpreventivt arbete med riskbedömningar i Senior Alert på alla särskilda boenden.
- Ny rutin för läkemedelsgenomgångar tillsammans med regionens läkare.

## Funktionsstöd

- Genomförandeplanerna har setts över tillsammans med brukarna på två gruppbostäder.

## Myndighet

- Kortare handläggningstider genom gemensamma ärendedragningar varje vecka.
""",
    "forbattringsomraden": """\
Inför 2026 prioriteras följande förbättringsområden:

1. Genomförandeplanerna ska vara uppdaterade och upprättade tillsammans med den enskilde.
2. Avvikelser ska utredas inom en vecka och återkopplas till personalen.
3. Överlämningar mellan enheter ska följa den nya rutinen.
4. Brukarnas delaktighet ska öka i alla verksamheter.
""",
}

BJORKVIK = {
    "inledning": """\
Kvalitetsberättelsen för 2025 beskriver hur Björkviks stadsdelsförvaltning har arbetat med kvalitet
utifrån stadens kvalitetsprogram, nämndens mål och gällande lagar och föreskrifter.
""",
    "sammanfattning": """\
Förvaltningen har under året arbetat vidare med ständiga förbättringar i alla avdelningar.
""",
    "kvalitetsarbete": """\
## Avdelningen för äldreomsorg och funktionsnedsättning

Kvalitetsmöten med enhetscheferna hålls varje månad. Där följs avvikelser, synpunkter och
egenkontroller upp, och lärdomar sprids mellan enheterna.
""",
    "egenkontroll": """\
Avdelningen genomförde egenkontroller av dokumentation och läkemedelshantering enligt plan.
""",
    "riskanalys-avdelningar": """\
Avdelningen för individ och familj bedömer bristande avtalstrohet vid inköp som den största risken,
och den har förts in i internkontrollplanen. Inom hemtjänsten gäller riskerna trygghetslarm, planering
och arbetskort.
""",
    "forbattringsomraden": """\
- Ökad kontinuitet i hemtjänsten.
- Bättre återkoppling till den som lämnat en synpunkt.
""",
}

SJOHAMN = {
    "inledning": """\
Kvalitetsberättelsen omfattar omsorgsförvaltningens verksamheter under 2025. Den är ett utkast:
flera avsnitt skrivs fortfarande.
""",
}

QUARTERS = {"Kvartal 1": 14, "Kvartal 2": 18, "Kvartal 3": 11, "Kvartal 4": 21}


def write_egenkontroll_chart(path: Path) -> Path:
    """The image in Ekdala's text on egenkontroll (its numbers are in the image's alternative text)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 3))
    axes.bar(list(QUARTERS), list(QUARTERS.values()), color="#0b5394")
    for i, value in enumerate(QUARTERS.values()):
        axes.text(i, value + 0.3, str(value), ha="center")
    axes.set_ylabel("Antal egenkontroller")
    axes.spines[["top", "right"]].set_visible(False)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", dpi=120, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    return path


def generate(root: Path) -> list[Path]:
    written = []
    for kommun, texts in (("ekdala", EKDALA), ("bjorkvik", BJORKVIK), ("sjohamn", SJOHAMN)):
        for slot, text in texts.items():
            written.append(write_text(root / kommun / str(YEAR) / "texter" / f"{slot}.md", text))
    written.append(write_egenkontroll_chart(root / "ekdala" / str(YEAR) / "texter" / "bilder" / "egenkontroller-per-kvartal.png"))
    return written
