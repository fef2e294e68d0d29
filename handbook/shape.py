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
    #: The section's body in a fresh draft when the caller gives none (the
    #: importer's drafts): the markup to fill in, with TODOs.
    draft: str | None = None


def talk_track_drafts(label: str) -> str:
    """Two talk tracks to fill in, labeled ``tt-<label>-1`` and ``-2`` (a draft's own labels)."""
    return "\n\n".join(
        f":::{{talk-track}} TODO: hard moment {n}, for example: the client says \"we're leaving\"\n"
        f":name: tt-{label}-{n}\n"
        "\n"
        "Say\n"
        ": \"TODO: what you say, word for word.\"\n"
        "\n"
        "If they say \"TODO: the push-back\"\n"
        ": \"TODO: what you say next.\"\n"
        ":::" for n in (1, 2))


SHAPE: tuple[Section, ...] = (
    Section("In a hurry", ("in-a-hurry",), (
        ":::{in-a-hurry}\n"
        "1. TODO: the first thing to do, in one imperative sentence.\n"
        "2. TODO\n"
        "3. TODO\n"
        "\n"
        "Say\n"
        ": \"TODO: the one talk track for the hardest moment, in the rep's words.\"\n"
        ":::")),
    Section("You will be able to", ("objectives",), (
        ":::{objectives}\n"
        "1. TODO: an objective a trainer can observe (respond, spot, write, plan ...).\n"
        "2. TODO\n"
        ":::")),
    Section("The story"),
    Section("The principle and why it works"),
    Section("Warning signs", ("warning-signs",)),
    Section("What to do"),
    Section("Templates", ("template",)),
    Section("Talk tracks", ("talk-track",), talk_track_drafts("TODO")),
    Section("Exercise", ("exercise|role-play", "trainer-note")),
    Section("Discussion questions", ("discussion-questions",)),
    Section("Key takeaways", ("key-takeaways",)),
    Section("For managers", ("for-managers",), (
        ":::{for-managers}\n"
        "Spot it\n"
        ": - In pipeline reviews: TODO\n"
        "  - In call notes: TODO\n"
        "\n"
        "Ask\n"
        ": 1. \"TODO: a coaching question?\"\n"
        "  2. \"TODO: a second one?\"\n"
        ":::")),
    Section("Related chapters"),
    Section("Sources"),
)

#: The blocks every chapter has (the default of ``handbook_chapter_blocks``).
REQUIRED_BLOCKS: list[str] = [spec for section in SHAPE for spec in section.requires]
HEADINGS: list[str] = [section.heading for section in SHAPE]
#: How many talk tracks a chapter has (the whole-book check).
TALK_TRACKS = (2, 3)


def skeleton(bodies: Mapping[str, str]) -> str:
    """The chapter's sections, each ``## heading`` followed by its body.

    ``bodies`` maps the headings of the shape to their Markdown; a section
    it leaves out gets its ``draft`` body (the markup to fill in), and a
    section with neither is a programming error (KeyError), so a change to
    the shape cannot silently produce chapters without a section.
    """
    unknown = set(bodies) - set(HEADINGS)
    if unknown:
        raise KeyError(f"not a section of the chapter shape: {', '.join(sorted(unknown))}")
    missing = [s.heading for s in SHAPE if s.heading not in bodies and s.draft is None]
    if missing:
        raise KeyError(f"no body for the section(s): {', '.join(missing)}")
    return "".join(f"## {s.heading}\n\n{bodies.get(s.heading, s.draft).strip()}\n\n"
                   for s in SHAPE).rstrip("\n") + "\n"
