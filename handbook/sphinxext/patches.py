"""Fences around the two places where the extension replaces another package's code.

Both replacements are checked against exact versions. At setup, ``fence``
compares the installed package's version, and the presence and signature of
what is replaced, with what the replacement was written against. When they
match, the replacement is installed for this build; when they do not, the
stock behavior stays and the build gets a ``handbook.patch`` warning naming
the package, the version found and the version checked (a strict build then
fails until a maintainer has run the named test and updated the checked
version; ``suppress_warnings = ["handbook.patch"]`` accepts the stock
behavior meanwhile). ``tests/test_extension.py`` runs both paths.

Replacements are installed when a build starts (``env-before-read-docs``)
and undone when it ends (``build-finished``), so a process that builds
several projects (the tests, ``sphinx-autobuild``) never sees one project's
patch in another's build.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable

from sphinx.application import Sphinx

from handbook.sphinxext.problems import warn


@dataclass(frozen=True)
class Fence:
    """One replacement of ``owner.attribute``, checked against ``package`` at ``checked``."""

    package: str                 # as named to the reader: "furo", "Sphinx"
    version: Callable[[], str]   # the installed version
    checked: str                 # the version the replacement was written against
    owner: Any                   # module or class holding the attribute
    attribute: str
    parameters: tuple[str, ...]  # the replaced callable's parameter names
    test: str                    # the test that proves the replacement

    def mismatch(self) -> str | None:
        """Why the replacement must not be installed, or None when it may."""
        installed = self.version()
        if installed != self.checked:
            return f"{self.package} {installed} is installed, but this was checked against {self.checked}"
        original = getattr(self.owner, self.attribute, None)
        if original is None:
            return f"{self.package} {installed} has no {self.attribute}"
        try:
            names = tuple(inspect.signature(original).parameters)
        except (TypeError, ValueError):
            return f"{self.package} {installed}'s {self.attribute} has no readable signature"
        if names != self.parameters:
            return (f"{self.package} {installed}'s {self.attribute} takes ({', '.join(names)}), "
                    f"not ({', '.join(self.parameters)})")
        return None


def fence(app: Sphinx, feature: str, replacements: list[tuple[Fence, Callable]]) -> bool:
    """Install every replacement for this build when every fence holds; else warn and keep stock.

    All or nothing: a feature whose replacements depend on each other never
    runs half patched. Returns whether the replacements were installed. The
    originals are put back at ``build-finished``.
    """
    for checked, _replacement in replacements:
        problem = checked.mismatch()
        if problem is not None:
            warn("patch", f"{problem}; {feature} uses {checked.package}'s own code (stock behavior) in this "
                          f"build. Run {checked.test} with the new version, then update the checked version")
            return False
    originals = [(checked, getattr(checked.owner, checked.attribute), replacement)
                 for checked, replacement in replacements]
    for checked, _original, replacement in originals:
        setattr(checked.owner, checked.attribute, replacement)

    def restore(app: Sphinx, exception) -> None:
        for checked, original, replacement in originals:
            if getattr(checked.owner, checked.attribute) is replacement:
                setattr(checked.owner, checked.attribute, original)

    app.connect("build-finished", restore)
    return True
