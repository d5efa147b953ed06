"""Pandoc, from the ``pypandoc-binary`` wheel, called directly.

``pypandoc.convert_text`` starts Pandoc three times per conversion (twice to list
the formats it knows); an analyst text is converted three times, so a report's
texts started some 80 Pandoc processes. Here each conversion is one process.
"""

from __future__ import annotations

import functools
import subprocess


@functools.cache
def pandoc_path() -> str:
    """The Pandoc program of the installed wheel."""
    import pypandoc

    return pypandoc.get_pandoc_path()


def convert_text(text: str, source: str, target: str, *extra: str) -> str:
    """``text`` read as ``source`` and written as ``target`` (Pandoc format names, extensions included)."""
    result = subprocess.run([pandoc_path(), "--from", source, "--to", target, *extra], input=text.encode("utf-8"),
                            capture_output=True, check=False)
    if result.returncode != 0:  # only for text the tool wrote itself or read with the safe subset: a bug, not user input
        raise RuntimeError(f"Pandoc ({source} → {target}) avslutades med kod {result.returncode}: "
                           f"{result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout.decode("utf-8")
