"""The warm-kernel engine: one kernel reused, every notebook still starts from an empty namespace."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill as pm

from helpers.run.engine import ENGINE_NAME, warm_kernel


def notebook(tmp_path, name: str, source: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("value = 0")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(source)]
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def outputs(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def test_notebooks_share_a_kernel_but_not_a_namespace(tmp_path):
    first = notebook(tmp_path, "a.ipynb", "leftover = value * 2\nimport os\nprint(os.getpid(), leftover)")
    second = notebook(tmp_path, "b.ipynb", "import os\nprint(os.getpid(), 'leftover' in dir(), value)")
    a = pm.execute_notebook(str(first), str(tmp_path / "a-out.ipynb"), parameters={"value": 21}, engine_name=ENGINE_NAME, progress_bar=False, cwd=str(tmp_path))
    b = pm.execute_notebook(str(second), str(tmp_path / "b-out.ipynb"), parameters={"value": 5}, engine_name=ENGINE_NAME, progress_bar=False, cwd=str(tmp_path))
    pid_a, result_a = outputs(a).split()
    pid_b, leftover, value = outputs(b).split()
    assert pid_a == pid_b, "the same kernel process ran both notebooks"
    assert result_a == "42"
    assert (leftover, value) == ("False", "5"), "the second notebook saw nothing of the first"
    # Execution counts restart, so an executed notebook looks the same as on a fresh kernel.
    assert [c.execution_count for c in b.cells if c.cell_type == "code"] == [1, 2, 3]
    assert warm_kernel().km is not None and warm_kernel().km.is_alive()


STAND_IN_QUARTO = """#!{python}
# Behaves as quarto-cli does inside a project (src/project/project-context.ts): --to is the name of ONE
# format of _quarto.yml's `format`, and files the format names (css, includes, reference-doc) must exist.
import sys, pathlib, yaml
args = sys.argv[1:]
open({log!r}, "a").write(" ".join(args) + "\\n")
to = args[args.index("--to") + 1]
formats = yaml.safe_load(pathlib.Path("_quarto.yml").read_text())["format"]
if to not in formats:
    sys.exit(f"ERROR: Unknown format {{to}}")
for key in ("css", "include-before-body", "include-in-header", "reference-doc"):
    if key in formats[to] and not pathlib.Path(formats[to][key]).exists():
        sys.exit(f"ERROR: {{key}} {{formats[to][key]}} not found")
pathlib.Path("rapport." + ("pdf" if to == "typst" else to)).touch()
"""


def test_quarto_gets_one_format_per_call_as_its_cli_requires_in_a_project(tmp_path, monkeypatch):
    """A stand-in ``quarto`` that behaves as quarto-cli does inside a project: ``--to`` is one format's name."""
    import os
    import stat
    import sys

    import yaml

    from helpers.config import load_params
    from helpers.run.render import quarto_commands, render_quarto
    from helpers.run.report import CSP_NAME, CSS_NAME, SKIP_LINK_NAME, quarto_config

    doc = tmp_path / "rapport.md"
    doc.write_text("# Rapport\n", encoding="utf-8")
    params = load_params("bjorkvik")  # the demo organisation with all three formats
    assert list(params.format) == ["html", "docx", "pdf"]
    config = quarto_config(params)
    (tmp_path / "_quarto.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for name in (CSS_NAME, SKIP_LINK_NAME, CSP_NAME):
        (tmp_path / name).write_text("", encoding="utf-8")
    log = tmp_path / "anrop.txt"
    fake = tmp_path / "bin" / "quarto"
    fake.parent.mkdir()
    fake.write_text(STAND_IN_QUARTO.format(python=sys.executable, log=str(log)), encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(tmp_path)
    assert quarto_commands(doc, ["html", "docx", "pdf"]) == [
        ["quarto", "render", "rapport.md", "--to", "html"],
        ["quarto", "render", "rapport.md", "--to", "docx"],
        ["quarto", "render", "rapport.md", "--to", "typst"],
    ]
    files = render_quarto(doc, ["html", "docx", "pdf"])
    assert [f.name for f in files] == ["rapport.html", "rapport.docx", "rapport.pdf"] and all(f.exists() for f in files)
    assert log.read_text(encoding="utf-8").splitlines() == ["render rapport.md --to html", "render rapport.md --to docx",
                                                             "render rapport.md --to typst"]
    # The formats' options live in _quarto.yml: A4 and offline fonts for Typst, the reference document for DOCX.
    typst = config["format"]["typst"]
    assert typst["papersize"] == "a4" and typst["mainfont"] == "DejaVu Sans"
    assert all((Path(folder) / "DejaVuSans.ttf").exists() for folder in typst["font-paths"])
    assert config["format"]["html"]["include-in-header"] == CSP_NAME and config["lang"] == "sv-SE"
    assert (tmp_path / config["format"]["docx"]["reference-doc"]).stat().st_size > 1000
