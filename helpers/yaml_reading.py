"""Reading params, catalogues and outlines: YAML in, a Swedish ConfigError out for everything that is wrong.

The loader is PyYAML's safe one with two rules added: a key may stand only
once in a mapping (PyYAML would silently keep the last), and aliases
(``*namn``) are refused, since a few lines of nested aliases can expand to
billions of values (the "billion laughs" file). Pydantic's English errors are
translated per error type (``explain``); its own text is never shown.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import ConfigError

MAX_SHOWN = 40
SAVE_AS_UTF8 = ("Spara filen som UTF-8: i Anteckningar Arkiv → Spara som → Kodning: UTF-8, i VS Code "
                "”Spara med kodning” → UTF-8")
UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


class _Refused(yaml.MarkedYAMLError):
    """Our own rule broken (an alias, a key twice): carries a Swedish message and where it is."""

    def __init__(self, message: str, mark: yaml.Mark):
        super().__init__(problem=message, problem_mark=mark)
        self.message = message


class StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses aliases and keys given twice."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(f"ett YAML-alias ({event.anchor and '*' + event.anchor}) används. Alias stöds inte, eftersom "
                           "några rader alias kan bli ett ohanterligt stort innehåll; skriv ut värdet på varje ställe "
                           "där det behövs", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.setdefault(key, key_node.start_mark.line + 1)
            except TypeError:
                continue  # an unhashable key: the safe constructor reports it
            if first != key_node.start_mark.line + 1:
                raise _Refused(f"nyckeln '{_shown(key)}' står två gånger (också på rad {first}), och bara den sista "
                               "skulle gälla. Ta bort den ena eller slå ihop dem", key_node.start_mark)
        return super().construct_mapping(node, deep)


# What PyYAML's problem texts mean, by a phrase they contain; the first that matches wins.
_YAML_PROBLEMS = (
    ("character '\\t'", "ett tabbtecken står där det inte får stå; använd mellanslag för indrag"),
    ("cannot start any token", "tecknet {char} kan inte börja ett värde; sätt värdet inom citattecken"),
    ("mapping values are not allowed", "ett kolon (:) står där det inte får stå; sätt värdet inom citattecken om "
                                       "det innehåller ': ', eller rätta indraget"),
    ("could not find expected ':'", "ett kolon (:) saknas efter en nyckel, eller indraget stämmer inte"),
    ("expected <block end>", "indraget stämmer inte med raderna ovanför (nycklar på samma nivå ska börja lika långt in)"),
    ("end of stream", "ett citattecken, en lista [ ] eller en uppsättning { } som börjar här stängs aldrig"),
    ("expected ',' or ']'", "en lista inom [ ] stängs inte, eller saknar kommatecken mellan värdena"),
    ("expected ',' or '}'", "en uppsättning inom { } stängs inte, eller saknar kommatecken mellan värdena"),
    ("unknown escape character", "okänt tecken efter \\ inom dubbla citattecken; sätt värdet inom enkla citattecken"),
    ("could not determine a constructor", "en okänd YAML-tagg (!!…) står här; ta bort den"),
    ("unhashable key", "en nyckel är en lista eller uppsättning; en nyckel ska vara ett ord"),
    ("undefined alias", "ett YAML-alias (*namn) används; alias stöds inte, skriv ut värdet"),
)


def _yaml_problem(error: yaml.MarkedYAMLError) -> tuple[str, yaml.Mark | None]:
    """The Swedish explanation of a YAML error, and where to look (an unclosed quote: where it opens)."""
    if isinstance(error, _Refused):
        return error.message, error.problem_mark
    problem = error.problem or ""
    mark = error.problem_mark
    if ("end of stream" in problem or "stream end" in problem) and error.context_mark is not None:
        mark = error.context_mark
    for phrase, message in _YAML_PROBLEMS:
        if phrase in problem:
            char = re.search(r"character '(.+?)'", problem)
            return message.replace("{char}", f"'{char.group(1)}'" if char else ""), mark
    return "YAML-syntaxen stämmer inte (kontrollera indrag, kolon och citattecken)", mark


def _decode(raw: bytes, path: Path, what: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else names the row with the first foreign byte."""
    for bom, encoding in UTF16_BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(encoding, errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{what} {path} är inte sparad som UTF-8: rad {line} har tecken i en annan teckenkodning "
                          f"(troligen Windows-1252 eller Latin-1, t.ex. å, ä eller ö). {SAVE_AS_UTF8}.") from None


def parse_yaml(text: str, path: Path, what: str) -> Any:
    """The YAML text's content; a syntax error names the file, row and column in Swedish."""
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        message, mark = _yaml_problem(exc)
        where = f" på rad {mark.line + 1}, kolumn {mark.column + 1}" if mark else ""
        raise ConfigError(f"{what} {path} är inte giltig YAML{where}: {message}.") from None
    except yaml.YAMLError:
        raise ConfigError(f"{what} {path} är inte giltig YAML (kontrollera indrag, kolon och citattecken).") from None


def read_yaml_file(path: Path, what: str, missing_hint: str = "") -> Any:
    """A YAML file's content; a missing or broken file is a ConfigError naming it (``what``: ``Params-filen``)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{what} {path} finns inte{missing_hint}.") from None
    except IsADirectoryError:
        raise ConfigError(f"{what} {path} är en mapp, inte en fil{missing_hint}.") from None
    except OSError:
        raise ConfigError(f"{what} {path} kunde inte öppnas; kontrollera att du får läsa den.") from None
    return parse_yaml(_decode(raw, path, what), path, what)


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def key_path(loc: tuple[int | str, ...]) -> str:
    """Where in the file: ``kapitel[2]`` (lists counted from 1, as a reader counts), ``kommun.kod``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(hela filen)"


# Pydantic names a union's branches in the location ("blad", "str"); they are no keys of the file.
_BRANCH = re.compile(r"(str|int|float|bool|none|(list|dict|set|tuple|literal|function-\w+|nullable|union)\[.*\])")

# What a value should be, per pydantic error type.
_KINDS = {
    "string_type": "text", "int_type": "ett heltal", "int_parsing": "ett heltal", "int_from_float": "ett heltal (utan decimaler)",
    "float_type": "ett tal", "float_parsing": "ett tal", "bool_type": "ja eller nej (true/false)",
    "bool_parsing": "ja eller nej (true/false)", "list_type": "en lista", "tuple_type": "en lista", "set_type": "en lista",
    "dict_type": "en uppsättning nycklar och värden", "model_type": "en uppsättning nycklar och värden",
    "model_attributes_type": "en uppsättning nycklar och värden", "date_type": "ett datum (ÅÅÅÅ-MM-DD)",
    "date_parsing": "ett datum (ÅÅÅÅ-MM-DD)", "date_from_datetime_parsing": "ett datum (ÅÅÅÅ-MM-DD)",
}
_PATTERNS = {r"^\d{4}$": "fyra siffror inom citattecken, t.ex. \"0114\""}


def _limit(ctx: dict[str, Any], key: str) -> str:
    value = ctx.get(key)
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def _message(item: dict[str, Any]) -> str:
    """One pydantic error in Swedish; the fallback names the value, never pydantic's text."""
    kind, ctx, value = item["type"], item.get("ctx") or {}, item.get("input")
    if kind == "string_type" and isinstance(value, (bool, int, float)):
        got = "ja/nej" if isinstance(value, bool) else f"talet {value}"
        return (f"ska vara text, men YAML läste värdet som {got}. Skriv värdet inom citattecken, t.ex. kod: \"0114\"; "
                "utan citattecken blir siffror ett tal, och en inledande nolla ändrar talet (0114 blir 76)")
    if kind == "list_type" and isinstance(value, str):
        return f"ska vara en lista; skriv [{_shown(value)}] med hakparenteser, eller en rad per värde som börjar med -"
    if kind in _KINDS:
        shown = f", inte '{_shown(value)}'" if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
        return f"ska vara {_KINDS[kind]}{shown}"
    simple = {
        "missing": "nyckeln saknas; lägg till den",
        "extra_forbidden": "okänd nyckel (felstavad?)",
        "greater_than_equal": f"ska vara minst {_limit(ctx, 'ge')}",
        "greater_than": f"ska vara större än {_limit(ctx, 'gt')}",
        "less_than_equal": f"ska vara högst {_limit(ctx, 'le')}",
        "less_than": f"ska vara mindre än {_limit(ctx, 'lt')}",
        "too_short": f"ska ha minst {ctx.get('min_length')} värde(n)",
        "too_long": f"får ha högst {ctx.get('max_length')} värde(n)",
        "string_too_short": "får inte vara tom",
        "none_required": "ska vara tom",
    }
    if kind in simple:
        return simple[kind]
    if kind == "literal_error":
        allowed = re.sub(r" or (?=[^,]*$)", " eller ", str(ctx.get("expected", "")))
        return f"ogiltigt värde '{_shown(value)}', tillåtna: {allowed}"
    if kind == "string_pattern_mismatch":
        return f"har fel form ('{_shown(value)}'); skriv {_PATTERNS.get(str(ctx.get('pattern')), 'värdet som i exemplen i params/_defaults.yml')}"
    if kind in {"value_error", "assertion_error"}:
        return str(ctx.get("error", "ogiltigt värde"))  # our own validators' Swedish message
    return f"ogiltigt värde{f' ({_shown(value)})' if isinstance(value, (str, int, float)) else ''}"


def explain(error: ValidationError, source: str, what: str = "params") -> ConfigError:
    """Pydantic's errors as one Swedish ConfigError: one line per key, union branches joined with "eller"."""
    lines: dict[str, list[dict[str, Any]]] = {}
    for item in error.errors(include_url=False):
        loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and _BRANCH.fullmatch(p)))
        lines.setdefault(key_path(loc), []).append(item)
    out = []
    for key, items in lines.items():
        if len(items) > 1 and all(i["type"] in _KINDS for i in items):
            kinds = list(dict.fromkeys(_KINDS[i["type"]] for i in items))
            message = "ska vara " + " eller ".join(kinds)
        else:
            message = "; ".join(dict.fromkeys(_message(i) for i in items))
        out.append(f"  - nyckeln '{key}': {message}")
    return ConfigError(f"Fel i {what} ({source}):\n" + "\n".join(out))
