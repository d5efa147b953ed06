"""No state leaks between notebooks in the warm kernel: a result never depends on which notebook ran before."""

from __future__ import annotations

import json

import pytest
from notebookrun import KernelThread, notebook, pid, run, text

from helpers import paths
from helpers.run.engine import warm_kernel
from helpers.run.report import notebook_key_figures, notebook_markdown
from helpers.run.runner import chapter_notebook, execute_notebook

# Each case: what a notebook changes (and prints, to show the change took), and a notebook that prints the state.
LEAKS = {
    "arbetsmapp": ("os.chdir('/')\nprint('ÄNDRAT', os.getcwd())",
                   "import os\nprint(os.getcwd())"),
    "rcparams": ("import matplotlib.pyplot as plt\nplt.style.use('dark_background')\nplt.rcParams['lines.linewidth'] = 9\n"
                 "print('ÄNDRAT', plt.rcParams['lines.linewidth'])",
                 "import matplotlib as mpl\nprint(sorted((k, str(v)) for k, v in mpl.rcParams.items()))"),
    "backend": ("import matplotlib.pyplot as plt\nplt.switch_backend('svg')\nprint('ÄNDRAT', plt.get_backend())",
                "import matplotlib\nprint(matplotlib.get_backend())"),
    "figurformat": ("%matplotlib inline\n%config InlineBackend.figure_formats = ['svg']\nprint('ÄNDRAT')",
                    "import matplotlib.pyplot as plt\nfrom IPython.display import display\nfig, ax = plt.subplots()\n"
                    "print(sorted(get_ipython().display_formatter.format(fig)[0]))\nplt.close(fig)"),
    "pandas": ("import pandas as pd\npd.set_option('display.max_rows', 3)\npd.set_option('display.precision', 1)\n"
               "print('ÄNDRAT', pd.get_option('display.max_rows'))",
               "import pandas as pd\nprint(pd.get_option('display.max_rows'), pd.get_option('display.precision'))\n"
               "print(pd.DataFrame({'a': [1.23456] * 80}))"),
    "varningar": ("import warnings\nwarnings.simplefilter('error')\nwarnings.filterwarnings('ignore', 'prov')\nprint('ÄNDRAT')",
                  "import warnings\nprint(warnings.filters)\nwith warnings.catch_warnings(record=True) as seen:\n"
                  "    warnings.warn('prov', UserWarning)\nprint([str(w.message) for w in seen])"),
    "sys.path": ("import sys\nsys.path.insert(0, '/främmande/kod')\nprint('ÄNDRAT')",
                 "import sys\nprint(sys.path)"),
    "miljo": ("import os\nos.environ['KVB_LACKA'] = 'ja'\nos.environ['LANG'] = 'xx'\nos.environ.pop('HOME', None)\nprint('ÄNDRAT')",
              "import os\nprint(sorted(os.environ.items()))"),
    "numpy": ("import numpy as np\nnp.set_printoptions(precision=1)\nnp.seterr(all='raise')\nprint('ÄNDRAT')",
              "import numpy as np\nprint(np.array([1.23456]), np.geterr())"),
    # What a shared-file cache hands out (helpers.content_cache) is a copy: changing it changes nothing kept.
    "cache": ("from helpers import content_cache, paths\nimport pandas as pd\np = paths.reference_dir() / 'kommuner.csv'\n"
              "f = content_cache.by_content(p, 'prov', lambda: pd.read_csv(p, dtype=str))\nf.loc[0, 'kommun'] = 'Fel'\n"
              "print('ÄNDRAT')",
              "from helpers import content_cache, paths\nimport pandas as pd\np = paths.reference_dir() / 'kommuner.csv'\n"
              "print(content_cache.by_content(p, 'prov', lambda: pd.read_csv(p, dtype=str)).iloc[0].tolist())"),
    "figurer": ("import matplotlib.pyplot as plt\nfig = plt.figure()\nprint('ÄNDRAT', len(plt.get_fignums()))",
                "import matplotlib.pyplot as plt\nprint(plt.get_fignums())"),
}


@pytest.fixture(scope="module")
def kernel():
    thread = KernelThread()
    yield thread
    thread.close()


@pytest.mark.parametrize("leak", list(LEAKS))
def test_what_one_notebook_changes_is_gone_in_the_next(kernel, tmp_path, leak):
    change, check = LEAKS[leak]
    checker = notebook(tmp_path, "kontroll", check)
    before = kernel.call(lambda: run(checker))
    changed = kernel.call(lambda: run(notebook(tmp_path, "ändrar", "import os\n" + change)))
    assert "ÄNDRAT" in text(changed), "the change took effect in the notebook that made it"
    after = kernel.call(lambda: run(checker))
    assert pid(before) == pid(changed) == pid(after), "all three ran in the same warm kernel"
    assert text(after) == text(before)


def test_the_cells_history_stays_in_memory(kernel, tmp_path):
    # Not in the user's ~/.ipython: a reset between notebooks wrote a new session to that SQLite file.
    checker = notebook(tmp_path, "historik", "print(get_ipython().history_manager.hist_file)")
    assert text(kernel.call(lambda: run(checker))).splitlines()[-1] == ":memory:"


def test_the_working_directory_is_the_notebooks_folder(kernel, tmp_path):
    checker = notebook(tmp_path, "mapp", "import os\nprint(os.getcwd())")
    assert text(kernel.call(lambda: run(checker))).splitlines()[-1] == str(paths.notebooks_dir())


def test_a_thread_left_running_cannot_print_into_the_next_notebook(kernel, tmp_path):
    starter = notebook(tmp_path, "trad", "import threading, time\n"
                       "threading.Thread(target=lambda: (time.sleep(2), print('LÄCKA från förra')), daemon=True).start()")
    first = pid(kernel.call(lambda: run(starter)))
    waiting = kernel.call(lambda: run(notebook(tmp_path, "vantar", "import time\ntime.sleep(4)\nprint('klar')")))
    assert "LÄCKA" not in text(waiting) and "klar" in text(waiting)
    assert pid(waiting) != first, "the kernel with the thread was replaced"


def test_threads_that_have_ended_keep_the_warm_kernel(kernel, tmp_path):
    quick = notebook(tmp_path, "kort", "import threading\nt = threading.Thread(target=print, args=('kort tråd',))\n"
                     "t.start()\nt.join()")
    assert pid(kernel.call(lambda: run(quick))) == pid(kernel.call(lambda: run(quick)))


CHAPTERS = ("avvikelser", "synpunkter")


def _run_chapters(folder, order: tuple[str, ...]) -> dict[str, tuple[str, str, int]]:
    """Key figures (as JSON), the report text and the kernel's pid of each chapter, run in ``order``."""
    found = {}
    for chapter in order:
        target = folder / f"{chapter}-{'-'.join(order)}.ipynb"
        # excel=False, as the runner passes it: the test writes no work file into the project's output/
        nb = execute_notebook(chapter_notebook(chapter), chapter, {"kommun": "ekdala", "ar": 2025, "excel": False}, target)
        found[chapter] = (json.dumps(notebook_key_figures(nb), sort_keys=True), notebook_markdown(nb), kernel_pid())
    return found


def kernel_pid() -> int:
    """The pid of this thread's warm kernel (chapter notebooks do not print theirs)."""
    return warm_kernel().km.provisioner.process.pid


def test_two_real_chapters_give_the_same_report_in_either_order(kernel, tmp_path, demo_data):
    forward = kernel.call(lambda: _run_chapters(tmp_path, CHAPTERS), 300)
    backward = kernel.call(lambda: _run_chapters(tmp_path, CHAPTERS[::-1]), 300)
    for chapter in CHAPTERS:
        assert forward[chapter][0] == backward[chapter][0], f"{chapter}: the same key figures"
        assert forward[chapter][1] == backward[chapter][1], f"{chapter}: the same report text"
    assert json.loads(forward["avvikelser"][0])["kapitel"] == "avvikelser"
    pids = {found[2] for found in (*forward.values(), *backward.values())}
    assert len(pids) == 1, "real chapters leave nothing behind that forces a fresh kernel"
