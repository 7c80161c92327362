"""Chinese punctuation for Chinese text: full-width ，：；（）“” wherever a sentence is Chinese.

Templates, plan names and inject messages are often typed with ASCII
punctuation (``切断气源, 通风``, ``值班长(现场指挥)``); a report in Chinese
sets them full-width, with no spaces around them (GB/T 15834-2011). ASCII
punctuation is kept where no Chinese character is beside it, so times
(``T+0:05:00``), numbers (``1,000``), file locations and ``kg/s`` stay as
they are.
"""

from __future__ import annotations

import re
from functools import lru_cache

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_FULL = "，。：；！？（）“”《》、"
_CJK = f"[{HAN}{_FULL}]"
_CJK_CHAR = re.compile(_CJK)

_PAREN = re.compile(r" ?\(([^()]*)\)")
_QUOTE = re.compile(r'"([^"\n]*)"')
_CORNER = str.maketrans({"\u300c": "“", "\u300d": "”"})  # 「」 as mainland text quotes


def _parens(text: str) -> str:
    """Innermost first: a pair is Chinese if it holds Chinese or follows Chinese."""

    def one(m: re.Match[str]) -> str:
        before = m.string[m.start() - 1] if m.start() > 0 else ""
        after = m.string[m.end()] if m.end() < len(m.string) else ""
        if not (
            _CJK_CHAR.search(m.group(1))
            or _CJK_CHAR.fullmatch(before or "x")
            or _CJK_CHAR.fullmatch(after or "x")
        ):
            return m.group(0)
        lead = " " if m.group(0).startswith(" ") and before in ("", " ") else ""
        return f"{lead}（{m.group(1)}）"

    while "(" in text:
        new = _PAREN.sub(one, text)
        if new == text:
            break
        text = new
    if ")" not in text:
        return text
    # a ")" that closes a full-width "（" opened before it (typed across two pieces of
    # text); one that closes an ASCII "(" inside it (a formula) stays as it is
    out: list[str] = []
    opened: list[str] = []
    for c in text:
        if c in "（(":
            opened.append(c)
        elif c in "）)" and opened:
            c = "）" if opened.pop() == "（" else c
        out.append(c)
    return "".join(out)


def _quote(m: re.Match[str]) -> str:
    return f"“{m.group(1)}”" if _CJK_CHAR.search(m.group(1)) else m.group(0)


_HAS_HAN = re.compile(f"[{HAN}]")
_MARKS = tuple(
    (mark, re.compile(rf"(?<={_CJK}) ?{re.escape(mark)} ?| ?{re.escape(mark)} ?(?={_CJK})"), full)
    for mark, full in ((",", "，"), (";", "；"), (":", "："), ("!", "！"), ("?", "？"))
)
"""Each ASCII mark, the pattern of it beside Chinese (with a space either side), and
its full-width form."""
_CLAUSES = (
    (", ", re.compile(r"(?<=\S), (?=\S)"), "，"),
    ("; ", re.compile(r"(?<=\S); (?=\S)"), "；"),
)
_STOP = re.compile(rf"(?<=[{HAN}）”])\.(?=\s|$)")
_SPACES = (
    re.compile(r"(?<=\S) (?=[，：；。！？）”、])"),
    re.compile(r"(?<=[，：；。！？、])[ ](?=[^ ])"),
    re.compile(rf"(?<=[）”])[ ](?=[{HAN}])"),
    re.compile(r"(?<=[，：；！？（“、])[ ]"),
)
"""Spaces to drop: before full-width punctuation, after it, and between a closing
bracket or quote and Chinese."""


@lru_cache(maxsize=8192)
def punctuate_zh(text: str) -> str:
    """``text`` with the ASCII punctuation beside Chinese made full-width; idempotent.

    Cached: a Monte Carlo run scores the same labels and rules thousands of times."""
    text = text.translate(_CORNER)
    if not _HAS_HAN.search(text):
        return text
    # each pattern below holds a literal mark: a text without it is left as it is
    if '"' in text:
        text = _QUOTE.sub(_quote, text)
    text = _parens(text)
    for mark, pattern, full in _MARKS:
        if mark in text:
            text = pattern.sub(full, text)
    # in a Chinese sentence a comma or semicolon and a space part clauses: 0.35 MPa/min, 2#阀室
    for mark, pattern, full in _CLAUSES:
        if mark in text:
            text = pattern.sub(full, text)
    if "." in text:
        text = _STOP.sub("。", text)
    # no space between full-width punctuation and the text it closes up to
    if " " in text:
        for pattern in _SPACES:
            text = pattern.sub("", text)
    return text


__all__ = ["punctuate_zh"]
