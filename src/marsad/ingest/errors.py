"""The one value a bad input turns into, so a batch can report it and go on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IngestError:
    """An input that yielded no document: ``source`` names it, ``problem`` says why in plain words."""

    source: str
    problem: str

    def __str__(self) -> str:
        """Render one line a user can act on: the input, then the problem."""
        problem = " ".join(self.problem.split())
        line = f"{self.source}: {problem}"
        # A file name that is not valid UTF-8 arrives with lone surrogates, which no terminal can print.
        return line.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")


class Rejected(Exception):
    """Raised inside a reader to abandon one input; the walker turns it into an ``IngestError``."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
