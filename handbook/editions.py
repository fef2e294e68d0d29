"""The handbook's editions, named once for the build, the checks and the extension.

Standard library only (imported by the command line before Sphinx is loaded).
"""

from __future__ import annotations

#: The participant edition is what reps get; the trainer edition adds trainer material.
PARTICIPANT = "participant"
TRAINER = "trainer"
EDITIONS = (PARTICIPANT, TRAINER)
DEFAULT = PARTICIPANT
