"""Word clusters learnt from unlabelled news, so rare names share features with frequent ones.

Arabic has no capital letters to flag a name; words that occur in the same contexts as known
names (found by co-occurrence statistics over millions of unlabelled words) are the substitute.
The method is PPMI over a +-2 word window, truncated SVD, then k-means at several granularities:
a cheap, dependency-free stand-in for Brown clusters.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

from marsad.arabic.normalise import normalise

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+|[^\w\s]")


def read_saudinewsnet(folder: Path) -> Iterator[str]:
    """Yield the title and body of every article in the SaudiNewsNet zips, in a fixed order."""
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                for item in json.loads(archive.read(name)):
                    yield f"{item.get('title') or ''}\n{item.get('content') or ''}"


def normalised_words(text: str) -> list[str]:
    """Split text into normalised word and punctuation tokens, as the tagger sees them."""
    return _WORD.findall(normalise(text))


def learn_vectors(
    texts: Iterable[str],
    vocab_size: int = 60000,
    context_size: int = 10000,
    dims: int = 100,
    seed: int = 13,
    min_count: int = 3,
) -> tuple[list[str], np.ndarray]:
    """Learn unit-length word vectors (PPMI over a +-2 directional window, truncated SVD)."""
    from scipy import sparse  # type: ignore[import-untyped]
    from sklearn.utils.extmath import randomized_svd

    corpus = list(texts)
    counts: Counter[str] = Counter()
    for text in corpus:
        counts.update(normalised_words(text))
    vocab = [w for w, c in counts.most_common(vocab_size) if c >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    n_ctx = min(context_size, len(vocab))
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for text in corpus:
        doc = normalised_words(text)
        ids = np.fromiter((index.get(w, -1) for w in doc), dtype=np.int64, count=len(doc))
        for d in (1, 2):
            left, right = ids[:-d], ids[d:]
            keep = (left >= 0) & (right >= 0) & (right < n_ctx)
            rows.append(left[keep])
            cols.append(right[keep] + (d - 1) * n_ctx)
            keep = (left >= 0) & (right >= 0) & (left < n_ctx)
            rows.append(right[keep])
            cols.append(left[keep] + (d + 1) * n_ctx)
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    matrix = sparse.coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)), shape=(len(vocab), 4 * n_ctx))
    csr = matrix.tocsr()
    csr.sum_duplicates()
    total = csr.sum()
    row_sum = np.asarray(csr.sum(axis=1)).ravel()
    col_sum = np.asarray(csr.sum(axis=0)).ravel() ** 0.75
    col_sum = col_sum / col_sum.sum() * total
    coo = csr.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=csr.shape)
    u, s, _ = randomized_svd(ppmi, n_components=dims, random_state=seed)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    return vocab, vectors


def learn_clusters(
    texts: Iterable[str],
    vocab_size: int = 60000,
    context_size: int = 10000,
    dims: int = 100,
    sizes: Sequence[int] = (64, 256, 1024),
    seed: int = 13,
    min_count: int = 3,
) -> tuple[dict[str, list[int]], tuple[int, ...]]:
    """Learn word -> [cluster id per granularity] for the most frequent words of ``texts``."""
    from sklearn.cluster import MiniBatchKMeans

    vocab, vectors = learn_vectors(texts, vocab_size, context_size, dims, seed, min_count)
    labels = []
    for k in sizes:
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3)
        labels.append(km.fit_predict(vectors))
    table = {w: [int(lab[i]) for lab in labels] for i, w in enumerate(vocab)}
    return table, tuple(sizes)


def save_clusters(table: dict[str, list[int]], sizes: Sequence[int], path: Path) -> None:
    """Write the cluster table as compact TSV: a header of sizes, then word and ids per line."""
    lines = ["#sizes\t" + "\t".join(str(k) for k in sizes)]
    lines += [word + "\t" + "\t".join(str(i) for i in ids) for word, ids in table.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def parse_clusters(text: str) -> dict[str, tuple[int, ...]]:
    """Read the TSV written by ``save_clusters``."""
    table: dict[str, tuple[int, ...]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#sizes"):
            continue
        word, *ids = line.split("\t")
        table[word] = tuple(int(i) for i in ids)
    return table
