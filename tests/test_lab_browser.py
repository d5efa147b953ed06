"""``kvb lab`` as an analyst uses it, in real headless Chromium: open, Run All, misspell a kommun, save.

Every chapter notebook runs without an error output, shows the analyst's text as
headings and lists and the coloured cells with their colour; a misspelt kommun
gives a short Swedish notice (no traceback) with a suggestion; and after saving,
the shipped notebooks are byte for byte what git has.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from browser import CHROMIUM_ARGS, require_browser

from helpers import paths
from helpers.run.lab import lab_command, lab_environment

pytestmark = pytest.mark.e2e

CHAPTERS = sorted(p.name for p in paths.notebooks_dir().glob("[1-9]*.ipynb"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(demo_data, tmp_path_factory):
    """``kvb lab``'s server on a free port, with the app exposed to the test and private runtime and checkpoint folders."""
    require_browser()
    tmp = tmp_path_factory.mktemp("lab")
    port, token = free_port(), uuid.uuid4().hex
    command = [*lab_command(port, sys.executable)[:-1], "--no-browser", f"--IdentityProvider.token={token}",
               "--LabApp.expose_app_in_browser=True", f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}", *(["--allow-root"] if os.geteuid() == 0 else [])]  # CI runs as root
    env = lab_environment(os.environ) | {"KVB_OUTPUT": str(tmp / "output"), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
                                         "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces")}
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=paths.project_root())
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab startade inte: " + (tmp / "server.log").read_text(encoding="utf-8")[-2000:])
                time.sleep(0.5)
        yield {"base": base, "token": token}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def chromium(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=require_browser(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


STATE = """() => {
  const nb = window.jupyterapp.shell.currentWidget;
  if (!nb || !nb.content || !nb.sessionContext.session || !nb.sessionContext.session.kernel) return null;
  const cells = Array.from(nb.content.model.cells);
  return {kernel: nb.sessionContext.session.kernel.status, busy: nb.sessionContext.session.kernel.status !== 'idle',
          code: cells.filter(c => c.type === 'code').length,
          done: cells.filter(c => c.type === 'code' && c.executionCount !== null).length,
          outputs: cells.filter(c => c.type === 'code').map(c => c.outputs.toJSON()),
          dirty: nb.context.model.dirty};
}"""


def open_notebook(chromium, lab, name: str):
    page = chromium.new_page(viewport={"width": 1280, "height": 1000})
    # A workspace of its own (reset), so that tabs of earlier notebooks are not restored beside it.
    page.goto(f"{lab['base']}/lab/workspaces/{name.split('.')[0]}/tree/notebooks/{name}?reset&token={lab['token']}")
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget && "
                           "window.jupyterapp.shell.currentWidget.sessionContext && "
                           "window.jupyterapp.shell.currentWidget.sessionContext.session && "
                           "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel && "
                           "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle' && "
                           "window.jupyterapp.shell.currentWidget.context.isReady && "
                           "window.jupyterapp.commands.isEnabled('notebook:run-all-cells')",
                           timeout=60_000)
    return page


def run_all(page) -> dict:
    # The command's promise settles when the last cell has run; a kernel that was still settling may drop it once.
    for _ in range(3):
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        if page.evaluate(f"({STATE})()")["done"] or page.evaluate(f"({STATE})()")["busy"]:
            break
        page.wait_for_timeout(2000)
    try:
        page.wait_for_function(f"(() => {{ const s = ({STATE})(); return s && !s.busy && s.done === s.code; }})()",
                               timeout=120_000, polling=250)
    except Exception:
        state = page.evaluate(f"({STATE})()")
        pytest.fail(f"Run All did not finish: kernel {state and state['kernel']}, {state and state['done']} of "
                    f"{state and state['code']} cells, errors {state and errors_in(state)}")
    page.wait_for_timeout(300)  # the last outputs reach the DOM
    return page.evaluate(f"({STATE})()")


def errors_in(state: dict) -> list[str]:
    found = []
    for outputs in state["outputs"]:
        for output in outputs:
            if output.get("output_type") == "error":
                found.append(f"{output.get('ename')}: {output.get('evalue')}")
            if output.get("name") == "stderr" and "Traceback" in "".join(output.get("text", "")):
                found.append("Traceback i stderr")
    return found


def save(page) -> None:
    page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("!window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000)


def test_every_chapter_runs_all_cells_without_error_and_saving_leaves_git_clean(lab, chromium):
    before = {name: (paths.notebooks_dir() / name).read_bytes() for name in CHAPTERS}
    status_before = subprocess.run(["git", "status", "--porcelain", "notebooks"], cwd=paths.project_root(),
                                   capture_output=True, text=True).stdout
    rendered_text = coloured = 0
    for name in CHAPTERS:
        page = open_notebook(chromium, lab, name)
        try:
            assert page.evaluate(f"({STATE})()")["dirty"] is False, f"{name}: 'unsaved changes' right after opening"
            state = run_all(page)
            assert errors_in(state) == [], f"{name}: {errors_in(state)}"
            # The analyst's own text renders as in the report: headings and list items, not Markdown source.
            headings = page.evaluate("Array.from(document.querySelectorAll('.jp-OutputArea-output :is(h2, h3)')).map(h => h.textContent.replace(/[¶\\s]+$/, ''))")
            items = page.evaluate("document.querySelectorAll('.jp-OutputArea-output li').length")
            raw = page.evaluate("Array.from(document.querySelectorAll('.jp-OutputArea-output')).some(o => /^### /m.test(o.innerText))")
            assert not raw, f"{name}: Markdown shown as source"
            if "Analys" in headings and items:
                rendered_text += 1
            coloured += page.evaluate("""Array.from(document.querySelectorAll('.jp-OutputArea-output td span')).filter(s =>
                /(grön|gul|röd)$/.test(s.textContent.trim()) && getComputedStyle(s).backgroundColor !== 'rgba(0, 0, 0, 0)').length""")
            save(page)
        finally:
            page.close()
    assert rendered_text >= 3, "chapters with analyst text show it rendered"
    assert coloured > 10, "survey results carry their colour in the notebook"
    assert {name: (paths.notebooks_dir() / name).read_bytes() for name in CHAPTERS} == before, "saving changed a notebook"
    status_after = subprocess.run(["git", "status", "--porcelain", "notebooks"], cwd=paths.project_root(),
                                  capture_output=True, text=True).stdout
    assert status_after == status_before


def test_a_misspelt_kommun_gets_a_swedish_notice_with_a_suggestion_and_no_traceback(lab, chromium):
    name = "10-avvikelser.ipynb"
    before = (paths.notebooks_dir() / name).read_bytes()
    page = open_notebook(chromium, lab, name)
    try:
        page.evaluate("""() => {
          const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
          const parameters = Array.from(cells).find(c => (c.getMetadata('tags') || []).includes('parameters'));
          parameters.sharedModel.setSource(parameters.sharedModel.getSource().replace(/kommun = "[^"]*"/, 'kommun = "bjorkvk"'));
        }""")
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function("Array.from(document.querySelectorAll('.jp-OutputArea-output')).some(o => o.innerText.includes('Menade du'))",
                               timeout=120_000)
        text = page.evaluate("Array.from(document.querySelectorAll('.jp-OutputArea-output')).map(o => o.innerText).join('\\n')")
        assert "Menade du bjorkvik?" in text
        assert "Traceback" not in text and "File \"" not in text and "Error" not in text
        save(page)
    finally:
        page.close()
    assert (paths.notebooks_dir() / name).read_bytes() == before
    assert json.loads(before)["cells"][1]["source"][1] == 'kommun = "ekdala"\n'
