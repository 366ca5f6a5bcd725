"""Sidecars and manifests give plain-text articles their metadata."""

from __future__ import annotations

import json

from marsad.ingest.build import Meta
from marsad.ingest.sidecar import MetadataIndex, meta_from_mapping, sidecar_name


def index_of(files: dict[str, str]) -> MetadataIndex:
    def read(name: str) -> bytes | None:
        return files[name].encode("utf-8") if name in files else None

    return MetadataIndex(read, label=lambda name: f"box/{name}")


def test_sidecar_name() -> None:
    assert sidecar_name("a/b/story.txt") == "a/b/story.json"
    assert sidecar_name("page.HTML") == "page.json"
    assert sidecar_name("records.json") is None


def test_sidecar_wins_over_manifest_which_fills_the_rest() -> None:
    index = index_of(
        {
            "news/a.json": json.dumps(
                {"title": "عنوان الملف", "Outlet": "المصدر", "published": "07/05/2020"}
            ),
            "news/manifest.csv": "file,title,outlet,published,url,author\n"
            "a.txt,عنوان البيان,بيان,2019-01-01,https://x.example/a,كاتب\n"
            "./b.txt,ب,,,,\n",
        }
    )
    assert index.lookup("news/a.txt") == Meta(
        title="عنوان الملف",
        outlet="المصدر",
        published="2020-05-07",
        url="https://x.example/a",
        author="كاتب",
    )
    assert index.lookup("news/b.txt") == Meta(title="ب")
    assert index.lookup("news/c.txt") == Meta()
    assert index.lookup("other/a.txt") == Meta()
    assert index.problems == []


def test_json_manifest_as_list_or_mapping() -> None:
    rows = [{"file": "a.txt", "outlet": "أ"}, {"file": "b.txt", "published": "2021"}, "junk"]
    assert index_of({"manifest.json": json.dumps(rows)}).lookup("b.txt") == Meta(published="2021")
    mapping = {"a.txt": {"outlet": "أ"}, "b.txt": 3}
    assert index_of({"manifest.json": json.dumps(mapping)}).lookup("a.txt") == Meta(outlet="أ")


def test_broken_metadata_is_reported_once_and_ignored() -> None:
    index = index_of({"a.json": "{broken", "manifest.json": "42", "b.json": "[1]"})
    assert index.lookup("a.txt") == Meta()
    assert index.lookup("b.txt") == Meta()
    assert index.lookup("c.txt") == Meta()
    problems = [str(problem) for problem in index.problems]
    assert len(problems) == 3
    assert problems[0].startswith("box/a.json: invalid sidecar JSON")
    assert problems[1].startswith("box/manifest.json: invalid manifest")
    assert problems[2] == "box/b.json: sidecar is not a JSON object, ignored"


def test_meta_from_mapping_ignores_other_keys() -> None:
    assert meta_from_mapping({"TITLE": " ع ", "extra": 1, "url": ""}) == Meta(title="ع")
