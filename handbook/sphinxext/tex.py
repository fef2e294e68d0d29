"""Text into TeX: the one escape every module uses for text it writes into LaTeX (``latex.py``'s titles
and handouts, ``kit.py``'s card bands). It imports nothing of the extension, so both can use it."""

from __future__ import annotations

_TEX_SPECIAL = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
                **{c: "\\" + c for c in "&%$#_{}"}}


def tex_escape(text: str) -> str:
    """Text as TeX prints it, every one of TeX's ten special characters escaped (control characters,
    which TeX could read as markup, dropped)."""
    return "".join(_TEX_SPECIAL.get(c, c) for c in text if c >= " " or c == "\t")
