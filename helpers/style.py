"""Swedish style rules for generated text, as checks (the tests run them over every chapter's sentences).

- No sentence starts with a digit (``21 utredningar hade …`` → ``Totalt hade 21 utredningar …``).
- Counts in one sentence are all digits when any of them is above twelve (``18 beröm och 10 klagomål``).
- No tautology ``synpunkter av typen synpunkt``.
- Two consecutive sentences do not both say ``mellan 2024 och 2025``.

What is not a count is set aside first: shares and per cent, years, dates, ranges (``1–5``),
decimals, numbers that name something (``kvartal 2``, ``grad 2 eller 3``, ``riskvärde 16``,
``11 kap. 1 §``), durations (``15 arbetsdagar (tre veckor)``), the masking threshold
(``<5``, ``färre än fem``) and quoted text (a question's own wording).
"""

from __future__ import annotations

import re

from .formatting import NBSP, WORD_LIMIT

_NUMBER = rf"\d{{1,3}}(?:{NBSP}\d{{3}})+|\d+"
_WORDS = ("noll", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv")
_WORD = r"\b(?:" + "|".join(_WORDS) + r")\b"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"”(]?[A-ZÅÄÖ0-9])")
_ABBREVIATIONS = ("kap.", "t.ex.", "bl.a.", "m.m.", "s.", "nr.", "jfr.")
_YEARS_PAIR = re.compile(r"mellan (\d{4}) och (\d{4})")
_TYPE_OF = re.compile(r"(\w+) av typen (\w+)", re.IGNORECASE)

_NOT_COUNTS = [
    re.compile(r"[”\"][^”\"]*[”\"]"),  # quoted text: a question or a label as written
    re.compile(r"\d{4}-\d{2}-\d{2}"),  # dates
    # Shares, also in a list that ends with the sign (``0, 20, 40 eller 100 %``), and their changes.
    re.compile(rf"(?:(?:{_NUMBER})(?:,\d+)?(?:, | eller | och | till | mot |–))*(?:{_NUMBER})(?:,\d+)?\s?(?:%|procent\w*)"),
    re.compile(rf"(?:{_NUMBER})\s?[–-]\s?(?:{_NUMBER})"),  # ranges and intervals
    re.compile(r"\d+,\d+"),  # decimals
    re.compile(rf"<\s?(?:{_NUMBER})|\b(?:färre|fler) än (?:{_NUMBER}|{_WORD})", re.IGNORECASE),  # masking threshold
    re.compile(r"\d+\s(?:kap\.|§)|(?:kap\.|§)\s\d+"),  # lagrum
    re.compile(rf"\b(?:kvartal|grad|kategori|placering|nivå|nivån|kap\.|sosfs|riskvärde|riskvärdet|tabell|figur|§)"
               rf",?\s(?:{_NUMBER})(?:\s(?:eller|och)\s(?:{_NUMBER}))?,?", re.IGNORECASE),
    re.compile(rf"(?:{_NUMBER}|{_WORD}|\ben\b|\bett\b)\s(?:arbets)?(?:dag|dagar|dagarna|vecka|veckor|veckorna|månad|månader|"
               r"månaderna|år|åren|timme|timmar)\b", re.IGNORECASE),  # durations
    re.compile(rf"{_WORD}\sprocent\w*", re.IGNORECASE),
    re.compile(r"\b(?:19|20)\d{2}\b"),  # years
]


def split_sentences(text: str) -> list[str]:
    """A text's sentences: split after ``.``, ``!`` or ``?`` where the next begins with a capital or digit; paragraphs apart."""
    found: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        pieces = [s.strip() for s in _SENTENCE_END.split(paragraph.strip()) if s.strip()]
        for i, piece in enumerate(pieces):
            if i and pieces[i - 1].split()[-1].lower() in _ABBREVIATIONS:  # ``enligt 11 kap. 1 § SoL`` is one sentence
                found[-1] += " " + piece
            else:
                found.append(piece)
    return found


def counts_in(sentence: str) -> tuple[list[int], list[str]]:
    """The counts of a sentence written as digits and as words (what is not a count is set aside first)."""
    rest = sentence
    for pattern in _NOT_COUNTS:
        rest = pattern.sub(" ", rest)
    digits = [int(n.replace(NBSP, "")) for n in re.findall(rf"(?<![\w,]){_NUMBER}(?![\w,])", rest)]
    words = re.findall(_WORD, rest, re.IGNORECASE) + re.findall(r"\((?:en|ett)\)|\bfrån (?:en|ett) till\b", rest)
    return digits, [w.lower() for w in words]


def sentence_problems(sentence: str) -> list[str]:
    """What one sentence does against the rules, in plain Swedish (empty when nothing)."""
    problems = []
    if sentence[:1].isdigit():
        problems.append(f"Meningen börjar med en siffra: ”{sentence}”")
    digits, words = counts_in(sentence)
    if words and digits and max(digits) > WORD_LIMIT:
        problems.append(f"Meningen blandar tal i ord ({', '.join(words)}) och siffror över tolv: ”{sentence}”")
    for before, after in _TYPE_OF.findall(sentence):
        a, b = before.casefold(), after.casefold()
        if a.startswith(b) or b.startswith(a):
            problems.append(f"Meningen upprepar ordet: ”{before} av typen {after}”")
    return problems


def style_problems(text: str) -> list[str]:
    """Every rule a generated text breaks, sentence by sentence and between consecutive sentences."""
    sentences = split_sentences(text)
    problems = [p for s in sentences for p in sentence_problems(s)]
    for first, second in zip(sentences, sentences[1:]):
        if _YEARS_PAIR.search(first) and _YEARS_PAIR.search(second):
            problems.append(f"Två meningar i rad säger ”{_YEARS_PAIR.search(second).group(0)}”: ”{first}” ”{second}”")
    return problems
