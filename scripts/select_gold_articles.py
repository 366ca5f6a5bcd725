"""Pick a fixed, seeded sample of SaudiNewsNet articles for hand annotation (quotes, dates)."""

from __future__ import annotations

import json
import random
import sys
import zipfile
from pathlib import Path

from marsad.document import content_id

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "saudinewsnet"


def main(count: int = 40, seed: int = 2026) -> None:
    """Print one JSON line per chosen article: zip, index, content id, outlet, title."""
    pool = []
    for path in sorted(DATA.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            records = json.loads(archive.read(archive.namelist()[0]))
        for index, record in enumerate(records):
            if 800 <= len(record["content"]) <= 3500:
                pool.append((path.name, index, record))
    rng = random.Random(seed)
    for name, index, record in sorted(rng.sample(pool, count), key=lambda item: (item[0], item[1])):
        row = {
            "zip": name,
            "index": index,
            "id": content_id(record["content"]),
            "outlet": record["source"],
            "title": record["title"],
        }
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
