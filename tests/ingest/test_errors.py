"""An ingest error is one printable line naming the input and the problem."""

from __future__ import annotations

import dataclasses

import pytest

from marsad.ingest.errors import IngestError


def test_error_is_one_line() -> None:
    error = IngestError("dir/bad.html", "no article text found\n (broken   or empty HTML)")
    assert str(error) == "dir/bad.html: no article text found (broken or empty HTML)"


def test_error_line_survives_undecodable_file_names() -> None:
    error = IngestError("dir/\udcff.txt", "empty file")
    assert str(error) == "dir/\ufffd.txt: empty file"
    str(error).encode("utf-8")


def test_error_is_a_frozen_value() -> None:
    error = IngestError("a.txt", "empty file")
    assert error == IngestError("a.txt", "empty file")
    with pytest.raises(dataclasses.FrozenInstanceError):
        error.problem = "other"  # type: ignore[misc]
