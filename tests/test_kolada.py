"""Kolada: the parser, and the fetch against recorded answers served from 127.0.0.1 (no outside network)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
import requests

import helpers.chapters.brukarundersokningar as chapter
from helpers.chapters.brukarundersokningar import kolada
from helpers.config import load_params
from helpers.errors import KoladaError

FIXTURES = Path(__file__).parent / "fixtures" / "kolada"
DATA_PATH = "/v2/data/kpi/U21468,U23471/year/2023,2024,2025"


class RecordedKolada(BaseHTTPRequestHandler):
    """Serves the recorded answers; ``{BASE}`` in them becomes this server's address."""

    requests_seen: list[str] = []
    routes: dict[str, tuple[int, str]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        type(self).requests_seen.append(self.path)
        status, body = self.routes.get(self.path, (404, '{"error": "not found"}'))
        base = f"http://127.0.0.1:{self.server.server_address[1]}/v2"
        payload = body.replace("{BASE}", base).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[RecordedKolada]]]:
    handler = type("Handler", (RecordedKolada,), {"requests_seen": [], "routes": {
        DATA_PATH: (200, (FIXTURES / "data_page1.json").read_text(encoding="utf-8")),
        DATA_PATH + "?page=2&per_page=27": (200, (FIXTURES / "data_page2.json").read_text(encoding="utf-8")),
        "/v2/data/kpi/U21468/year/2025": (500, '{"error": "internt fel"}'),
        "/v2/data/kpi/U21468/year/2024": (200, '{"count": 1, "values": [], "next_page": "http://example.invalid/v2/x"}'),
        "/v2/data/kpi/U21468/year/2023": (200, "<html>inte json</html>"),
    }})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v2", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def session() -> Iterator[requests.Session]:
    own = requests.Session()
    own.trust_env = False  # never through a proxy from the environment: the server is local
    yield own
    own.close()


def _fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8").replace("{BASE}", "http://127.0.0.1/v2"))


# ------------------------------------------------------------------ parser


def test_parser_takes_total_gender_and_pads_codes() -> None:
    frame = kolada.parse_kolada(_fixture("data_page1.json"))
    assert list(frame.columns) == ["kpi", "kommunkod", "ar", "varde"]
    row = frame[(frame["kommunkod"] == "0684") & (frame["ar"] == 2025)].iloc[0]
    assert row["kpi"] == "U21468" and row["varde"] == 90.0  # T, not K (91) or M (88)
    assert frame["ar"].dtype == "int64" and set(frame["ar"]) == {2023, 2024, 2025}


def test_parser_keeps_missing_values_as_missing() -> None:
    frame = kolada.parse_kolada(_fixture("data_page1.json"))
    missing = frame[(frame["kommunkod"] == "0120") & (frame["ar"] == 2024)]
    assert len(missing) == 1 and pd.isna(missing["varde"].iloc[0])


def test_parser_other_gender_and_short_codes() -> None:
    document = {"count": 1, "values": [{"kpi": "U23471", "municipality": "684", "period": "2025",
                                        "values": [{"gender": "K", "status": "", "value": 70.0, "count": 1}]}]}
    frame = kolada.parse_kolada(document, gender="K")
    assert frame.to_dict("records") == [{"kpi": "U23471", "kommunkod": "0684", "ar": 2025, "varde": 70.0}]
    assert pd.isna(kolada.parse_kolada(document)["varde"].iloc[0])  # no T value given


def test_parser_single_municipality_answer() -> None:
    frame = kolada.parse_kolada(_fixture("municipality_0684.json"))
    assert frame["varde"].tolist() == [88.0, 89.0, 90.0]


@pytest.mark.parametrize("document, message", [
    ({"count": 0}, "saknar listan 'values'"),
    ([], "saknar listan 'values'"),
    ({"values": [{"kpi": "U21468", "period": 2025}]}, "Post 1 i Kolada-svaret saknar"),
    ({"values": [{"kpi": "U21468", "municipality": "0684", "period": "tjugo"}]}, "inte är ett år"),
])
def test_parser_rejects_what_is_not_kolada_data(document: object, message: str) -> None:
    with pytest.raises(KoladaError, match=message):
        kolada.parse_kolada(document)  # type: ignore[arg-type]


def test_data_url() -> None:
    assert kolada.kolada_data_url("https://api.kolada.se/v2/", ["U21468", "U23471"], [2025, 2023, 2024]) == (
        "https://api.kolada.se/v2/data/kpi/U21468,U23471/year/2023,2024,2025"
    )
    assert kolada.kolada_data_url("https://api.kolada.se/v2", ["U21468"], [2025], ["0684", "0000"]) == (
        "https://api.kolada.se/v2/data/kpi/U21468/municipality/0684,0000/year/2025"
    )
    with pytest.raises(KoladaError):
        kolada.kolada_data_url("https://api.kolada.se/v2", [], [2025])


# ------------------------------------------------------------------ fetch


def test_fetch_follows_next_page(server: tuple[str, type], session: requests.Session) -> None:
    base, handler = server
    document = kolada.fetch_kolada_document(base + "/data/kpi/U21468,U23471/year/2023,2024,2025", session=session)
    assert handler.requests_seen == [DATA_PATH, DATA_PATH + "?page=2&per_page=27"]
    assert document["count"] == 54 == len(document["values"])
    assert {v["kpi"] for v in document["values"]} == {"U21468", "U23471"}


@pytest.mark.parametrize("path, message", [
    ("/data/kpi/U21468/year/2025", "HTTP 500"),
    ("/data/kpi/U21468/year/2024", "annan server"),
    ("/data/kpi/U21468/year/2023", "inte med JSON"),
    ("/data/kpi/U99999/year/2025", "HTTP 404"),
])
def test_fetch_failures_are_clear(server: tuple[str, type], session: requests.Session, path: str, message: str) -> None:
    base, _ = server
    with pytest.raises(KoladaError, match=message):
        kolada.fetch_kolada_document(base + path, session=session)


def test_fetch_unreachable_server(session: requests.Session) -> None:
    with pytest.raises(KoladaError, match="kunde inte nås"):
        kolada.fetch_kolada_document("http://127.0.0.1:9/v2/data/kpi/U21468/year/2025", timeout=2, session=session)


def _kolada_params(tmp_path: Path, code: str = "0684"):
    params = load_params("ekdala")
    kommun = params.kommun.model_copy(update={"kod": code, "namn": "Sävsjö kommun"})
    settings = params.brukarundersokningar.model_copy(update={"kalla": "kolada", "referens": None})
    return params.model_copy(update={"data_katalog": str(tmp_path), "kommun": kommun, "brukarundersokningar": settings})


def test_fetch_kolada_saves_next_to_the_data(server: tuple[str, type], session: requests.Session, tmp_path: Path) -> None:
    base, handler = server
    params = _kolada_params(tmp_path)
    saved = kolada.fetch_kolada(params, base_url=base, session=session)
    assert saved == tmp_path / "2025" / "kolada_brukarundersokningar.json" == kolada.kolada_path(params)
    assert handler.requests_seen[0] == DATA_PATH  # the catalogue's KPIs, the chapter's three years, all kommuner
    stored = json.loads(saved.read_text(encoding="utf-8"))
    assert stored["count"] == 54 and stored["kalla"]["kpi"] == ["U21468", "U23471"]
    assert list(saved.parent.glob(".*.tmp")) == []  # written, then swapped: no leftovers
    frame = kolada.read_kolada_file(saved)
    assert len(frame) == 54


def test_failed_fetch_keeps_the_saved_file(server: tuple[str, type], session: requests.Session, tmp_path: Path) -> None:
    base, _ = server
    params = _kolada_params(tmp_path)
    saved = kolada.fetch_kolada(params, base_url=base, session=session)
    before = saved.read_bytes()
    with pytest.raises(KoladaError):
        kolada.fetch_kolada(params, base_url=base + "/finns-inte", session=session)
    assert saved.read_bytes() == before


def test_chapter_reads_the_saved_kolada_file_offline(server: tuple[str, type], session: requests.Session, tmp_path: Path) -> None:
    base, _ = server
    params = _kolada_params(tmp_path)
    kolada.fetch_kolada(params, base_url=base, session=session)
    data = chapter.loading.load(params)  # reads the saved file only
    assert data.missing_notice is None
    hemtjanst = data.catalogue.survey("hemtjanst")
    shares = chapter.metrics.shares_per_year(data.results, hemtjanst, data.years)
    assert shares.loc["helhetssyn"].tolist() == [88.0, 89.0, 90.0]
    assert chapter.metrics.riket_values(data.reference, hemtjanst, 2025)["helhetssyn"] == 85.0
    # Ranked among the seven kommuner with a 2025 value (the region 0001 and riket are not kommuner): 0684 has 90,
    # beaten only by 0123 (91) → place 2 of 7, best third.
    placed = chapter.metrics.placements(data, hemtjanst, shares)[("helhetssyn", 2025)]
    assert (placed.place, placed.ranked, placed.colour) == (2, 7, "grön")


def test_missing_kolada_file_is_a_notice(tmp_path: Path) -> None:
    data = chapter.loading.load(_kolada_params(tmp_path))
    assert data.missing_notice and "Kolada" in data.missing_notice and "saknas" in data.missing_notice
