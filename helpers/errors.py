"""All of the workbook's own exceptions, under one base class.

Messages are Swedish and written for the analyst who has to act on them; the
CLI prints them without a traceback. Every exception pickles cleanly so that it
survives the trip back from a worker process.
"""

from __future__ import annotations

from dataclasses import dataclass


class KvbError(Exception):
    """Raised for any problem the user can fix (input, configuration, missing files)."""


class ConfigError(KvbError):
    """Raised when a params file is missing, unreadable or has a wrong key or value."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where it is and what is wrong."""

    row: int | None  # row number as the analyst sees it in Excel (header = row 1)
    column: str | None
    message: str

    def describe(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolumn '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class InputError(KvbError):
    """Raised when an input file cannot be used: names the file and each row, column and problem."""

    max_listed = 10

    def __init__(self, path: str, problems: list[Problem] | tuple[Problem, ...]):
        self.path = str(path)
        self.problems = tuple(problems)
        super().__init__(self.path, self.problems)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"Fel i filen {self.path} ({n} {'problem' if n == 1 else 'problem'}):"
        lines = [f"  - {p.describe()}" for p in self.problems[: self.max_listed]]
        if n > self.max_listed:
            lines.append(f"  … och {n - self.max_listed} till av samma slag.")
        return "\n".join([head, *lines])


class DataMissing(KvbError):
    """Raised when a chapter's input file does not exist; the chapter shows "data saknas"."""

    def __init__(self, path: str, what: str):
        self.path = str(path)
        self.what = what
        super().__init__(self.path, self.what)

    def __str__(self) -> str:
        return f"Data saknas: {self.what} (filen {self.path} finns inte)."


class ChapterFailed(KvbError):
    """Raised when a chapter notebook stopped with an error; carries the chapter and the reason."""

    def __init__(self, chapter: str, reason: str, notebook: str | None = None, detail: str | None = None):
        self.chapter = chapter
        self.reason = reason
        self.notebook = notebook
        self.detail = detail  # the technical error behind an unexpected failure: shown only with --felsok
        super().__init__(chapter, reason, notebook, detail)

    def __str__(self) -> str:
        return f"Kapitlet {self.chapter} kunde inte skapas: {self.reason}"


class RenderError(KvbError):
    """Raised when the report could not be rendered to HTML, DOCX or PDF."""


class KoladaError(KvbError):
    """Raised when Kolada cannot be reached or answers with something that is not Kolada data."""
