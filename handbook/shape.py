"""The chapter shape, described once.

Every chapter has these sections in this order (design brief, section 3). The
whole-book check (``handbook.shape`` warnings) requires the blocks listed
here, the importer's drafts and ``make bench``'s synthetic chapters are
written from it, and the maintainer's guide shows it. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class Section:
    heading: str
    #: Blocks this section must hold; "a|b" means either.
    requires: tuple[str, ...] = ()


SHAPE: tuple[Section, ...] = (
    Section("The story"),
    Section("The principle and why it works"),
    Section("Warning signs", ("warning-signs",)),
    Section("What to do"),
    Section("Templates", ("template",)),
    Section("Exercise", ("exercise|role-play", "trainer-note")),
    Section("Discussion questions", ("discussion-questions",)),
    Section("Key takeaways", ("key-takeaways",)),
    Section("Related chapters"),
    Section("Sources"),
)

#: The blocks every chapter has (the default of ``handbook_chapter_blocks``).
REQUIRED_BLOCKS: list[str] = [spec for section in SHAPE for spec in section.requires]
HEADINGS: list[str] = [section.heading for section in SHAPE]


def skeleton(bodies: Mapping[str, str]) -> str:
    """The chapter's sections, each ``## heading`` followed by its body.

    ``bodies`` maps every heading of the shape to its Markdown; a heading
    missing from it is a programming error (KeyError), so a change to the
    shape cannot silently produce chapters without a section.
    """
    unknown = set(bodies) - set(HEADINGS)
    if unknown:
        raise KeyError(f"not a section of the chapter shape: {', '.join(sorted(unknown))}")
    return "".join(f"## {heading}\n\n{bodies[heading].strip()}\n\n" for heading in HEADINGS).rstrip("\n") + "\n"
