"""The layout of docs/arkitektur.md holds: layers import downwards only, every chapter has its rooms and files."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from helpers import paths
from helpers.chapters import CHAPTERS, Chapter, get, in_report_order
from helpers.config import CHAPTERS as CONFIG_CHAPTER_IDS
from helpers.errors import ConfigError

PACKAGE = paths.PACKAGE_DIR
ROOT = PACKAGE.parent
ROOMS = ("contract", "loading", "metrics", "wording", "sections", "key_figures")
# Which layers a layer may import from (besides itself). The CLI sits on top of everything.
ALLOWED = {
    "core": {"core"},
    "chapters": {"core", "chapters"},
    "demo": {"core", "chapters", "demo"},
    "run": {"core", "chapters", "run"},
    "cli": {"core", "chapters", "demo", "run", "cli"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "core"  # the package itself (``from helpers import __version__``)
    if parts[1] in {"chapters", "demo", "run", "cli"}:
        return parts[1]
    return "core"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every ``helpers`` module a file imports (relative imports resolved), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "helpers"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "helpers":
                continue
            # ``from .. import paths`` imports the module helpers.paths, not the package.
            names = [f"{target}.{a.name}" for a in node.names] if node.module is None else [target]
            found += [(node.lineno, n) for n in names]
    return found


def test_layers_import_downwards_only() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = layer(module_name(path))
        for line, target in imported_modules(path):
            if layer(target) not in ALLOWED[here]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({here}) importerar {target} ({layer(target)})")
    assert not wrong, "\n".join(wrong)


def test_import_reader_sees_relative_imports() -> None:
    """The check above must see the imports it judges (else it could never fail)."""
    runner = dict((t, n) for n, t in imported_modules(PACKAGE / "run" / "runner.py"))
    assert "helpers.chapters" in runner and "helpers.config" in runner and "helpers.paths" in runner
    assert layer("helpers.run.runner") == "run" and layer("helpers.paths") == "core"
    assert "run" not in ALLOWED["chapters"] and "chapters" not in ALLOWED["core"]


def test_registry_lists_every_chapter_package_in_report_order() -> None:
    packages = sorted(p.parent.name for p in (PACKAGE / "chapters").glob("*/__init__.py"))
    assert sorted(c.id for c in CHAPTERS) == packages
    assert [c.id for c in CHAPTERS] == list(CONFIG_CHAPTER_IDS), "params' chapter ids (config.ChapterId) = the registry"
    assert [c.notebook for c in CHAPTERS] == sorted(c.notebook for c in CHAPTERS), "notebook numbers follow report order"
    assert in_report_order(["brukarundersokningar", "avvikelser"]) == ["avvikelser", "brukarundersokningar"]


def test_unknown_chapter_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="Okänt kapitel 'avvikelse'. Kända kapitel: avvikelser, synpunkter, brukarundersokningar, genomforandeplaner"):
        get("avvikelse")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.id)
def test_chapter_has_the_files_the_guide_lists(chapter: Chapter) -> None:
    """docs/arkitektur.md, 'Så lägger du till ett kapitel': every file it lists exists for every chapter."""
    folder = PACKAGE / "chapters" / chapter.id
    for room in ROOMS:
        assert (folder / f"{room}.py").is_file(), f"{chapter.id}: {room}.py saknas"
    assert (ROOT / "notebooks" / chapter.notebook).is_file()
    assert (PACKAGE / "demo" / f"{chapter.id}.py").is_file(), f"{chapter.id}: demogenerator saknas"
    assert list((ROOT / "tests").glob(f"test_{chapter.id}*.py")), f"{chapter.id}: tester saknas"
    assert chapter.contracts and all(c.columns for c in chapter.contracts)
    assert len(chapter.sections) >= 1 and chapter.title


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.id)
def test_chapter_modules_are_small(chapter: Chapter) -> None:
    for path in (PACKAGE / "chapters" / chapter.id).glob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 300, f"{path.relative_to(ROOT)} har {lines} rader: dela upp den"


def _code_cells(chapter: Chapter) -> list[str]:
    nb = json.loads((ROOT / "notebooks" / chapter.notebook).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def test_every_notebook_reads_the_same_way() -> None:
    """Parameters, load, notices, sections, analyst text, key figures: only the chapter id differs."""
    shapes = {c.id: [cell.replace(f'"{c.id}"', '"<kapitel>"') for cell in _code_cells(c)] for c in CHAPTERS}
    first = shapes[CHAPTERS[0].id]
    assert all(shape == first for shape in shapes.values()), shapes
    code = "\n".join(first)
    for call in ('get("<kapitel>")', "kapitel.load(params)", "kapitel.notices(data)", "kapitel.section_blocks(data)",
                 "analyst_text(", "kapitel.key_figures(data)", "write_chapter_tables(avsnitt, params, kapitel.id, kapitel.title, excel)"):
        assert call in code


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.id)
def test_notebook_heading_is_the_chapter_title(chapter: Chapter) -> None:
    nb = json.loads((ROOT / "notebooks" / chapter.notebook).read_text(encoding="utf-8"))
    assert "".join(nb["cells"][0]["source"]).splitlines()[0] == f"# {chapter.title}"


def test_architecture_guide_names_what_exists() -> None:
    guide = (ROOT / "docs" / "arkitektur.md").read_text(encoding="utf-8")
    for room in ROOMS:
        assert f"{room}.py" in guide
    for folder in ("helpers/chapters/", "helpers/run/", "helpers/demo/", "notebooks/", "tests/"):
        assert folder in guide
    assert "docs/arkitektur.md" in (ROOT / "README.md").read_text(encoding="utf-8")
