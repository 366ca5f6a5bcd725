"""Build the shipped neural tagger end to end (scripts/train_ner.py calls this; needs torch).

Word vectors from unlabelled SaudiNewsNet, the network on the first 90 % of ANERcorp train.txt
with the last 10 % as dev (best epoch kept), export to ``ner.npz``, then the scores of the
exported (numpy, float16/int8) model as it ships.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from marsad.evaluate.ner import Sentence, read_conll, score_spans
from marsad.extract.ner.bio import bio_from_spans
from marsad.extract.ner.clusters import learn_vectors, read_saudinewsnet
from marsad.extract.ner.encode import WordEncoder, place_words
from marsad.extract.ner.lexicon import load_lexicon
from marsad.extract.ner.memory import WINDOW
from marsad.extract.ner.neural import WEIGHTS
from marsad.extract.ner.neural_tagger import NeuralTagger
from marsad.extract.ner.store import dequantise, load_model, quantise, save_model
from marsad.extract.ner.train import split_dev

VERSION = "2"
VOCAB = 60_000
VECTOR_VOCAB = 100_000  # vectors are learnt over this many words; the most frequent VOCAB ship
DIMS = 100
NEURAL_FILE = "ner.npz"
BOOSTS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0)


def learn_word_vectors(data: Path, seed: int, cache: Path | None = None) -> tuple[list[str], np.ndarray]:
    """Word vectors from SaudiNewsNet, with zero rows 0 (padding) and 1 (unknown) in front.

    The vectors go through the int8 round trip the model file applies, so the network trains on
    exactly what it will read at run time. ``cache`` (an .npz) skips relearning when it exists.
    """
    if cache is not None and cache.exists():
        with np.load(cache) as z:
            return str(z["words"]).split("\n"), z["vectors"]
    vocab, vectors = learn_vectors(
        read_saudinewsnet(data / "saudinewsnet"), vocab_size=VECTOR_VOCAB, dims=DIMS, seed=seed
    )
    words = vocab[:VOCAB]
    vec = vectors[:VOCAB, :DIMS].astype(np.float32)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    full = dequantise(*quantise(np.concatenate([np.zeros((2, DIMS), np.float32), vec])))
    if cache is not None:
        np.savez(cache, words=np.array("\n".join(words)), vectors=full)
    return words, full


def _exported(path: Path) -> dict[str, np.ndarray]:
    """The exported weights (as ``export_weights`` names them) of a written model file."""
    with path.open("rb") as handle:
        model, _, _ = load_model(handle)
    return {k: model.w[k] for k in WEIGHTS}


def average_weights(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The 1:1 average of two exported weight sets (a model and its warm restart: a flatter optimum)."""
    if a.keys() != b.keys():
        raise ValueError(f"weight names differ: {sorted(a.keys() ^ b.keys())}")
    return {k: (a[k] + b[k]) / 2 for k in a}


def shipped_tagger(path: Path, meta: dict[str, Any]) -> NeuralTagger:
    """Load a written model file the way the package does."""
    with path.open("rb") as handle:
        model, rows, chars = load_model(handle)
    lexicon = load_lexicon()
    return NeuralTagger(model, WordEncoder(rows, chars, lexicon, place_words(lexicon)), meta)


def score_file(tagger: NeuralTagger, path: Path) -> dict[str, Any]:
    """Exact-span scores of the tagger on a CoNLL file, with the CPU seconds it took."""
    sentences, _ = read_conll(path, "anercorp")
    return score_sentences(tagger, sentences)


def score_sentences(tagger: NeuralTagger, sentences: Sequence[Sentence]) -> dict[str, Any]:
    """Exact-span scores on sentences read as running text (the memory sees WINDOW either side)."""
    started = time.process_time()
    predicted = tagger.document_spans([s.tokens for s in sentences], WINDOW)
    cpu = time.process_time() - started
    return {**score_spans([s.spans for s in sentences], predicted), "cpu_seconds": round(cpu, 2)}


def tune_memory(tagger: NeuralTagger, train_path: Path) -> dict[str, float]:
    """Dev micro-F1 for each document-memory boost (dev: the last 10 % of train.txt, never test)."""
    train, _ = read_conll(train_path, "anercorp")
    _, dev = split_dev(train)
    scores = {}
    for boost in BOOSTS:
        tagger.meta["memory_boost"] = boost
        scores[str(boost)] = float(score_sentences(tagger, dev)["micro"]["f1"])
    return scores


def train_shipped(
    data: Path,
    out: Path,
    seed: int,
    score_only: bool = False,
    log: Callable[[str], None] = print,
    epochs: int = 30,
    vectors_cache: Path | None = None,
    hidden: int = 64,
    without: frozenset[str] = frozenset(),
    init: Path | None = None,
    lr: float = 2e-3,
    average_init: bool = False,
) -> dict[str, Any]:
    """Train (unless ``score_only``), write ``ner.npz`` and ``config.json`` into ``out``, return the meta."""
    import torch

    from marsad.extract.ner.net_train import char_table, export_weights, net_spans, train_net

    path = out / NEURAL_FILE
    test_path = data / "anercorp" / "test.txt"
    config_path = out / "config.json"
    meta: dict[str, Any] = json.loads(config_path.read_text(encoding="utf-8")) if score_only else {}
    if not score_only:
        torch.set_num_threads(1)
        started = time.time()
        cpu = time.process_time()
        log("learning word vectors from SaudiNewsNet")
        words, vectors = learn_word_vectors(data, seed, vectors_cache)
        vec_cpu = time.process_time() - cpu
        train, _ = read_conll(data / "anercorp" / "train.txt", "anercorp")
        part, dev = split_dev(train)
        chars = char_table([s.tokens for s in part])
        lexicon = load_lexicon()
        encoder = WordEncoder(
            {w: i + 2 for i, w in enumerate(words)},
            {c: i + 2 for i, c in enumerate(chars)},
            lexicon,
            place_words(lexicon),
        )
        pairs = [(s.tokens, bio_from_spans(s.spans, len(s.tokens))) for s in part]

        def dev_f1(net: Any) -> float:
            """Micro-F1 of the network on dev."""
            spans = net_spans(net, vectors, encoder, [s.tokens for s in dev])
            return float(score_spans([s.spans for s in dev], spans)["micro"]["f1"])

        start = _exported(init) if init is not None else None  # read first: ``init`` may be ``path``
        log(f"training the network on {len(part)} sentences, dev {len(dev)}")
        net, info = train_net(
            encoder,
            vectors,
            pairs,
            dev_f1,
            epochs=epochs,
            seed=seed,
            hidden=hidden,
            without=without,
            log=log,
            init=start,
            lr=lr,
        )
        save_model(path, export_weights(net), vectors, words, chars)
        if average_init and init is not None:
            assert start is not None
            save_model(path, average_weights(start, _exported(path)), vectors, words, chars)
        meta = {
            "version": VERSION,
            "model": "neural",
            "trained": dt.date.today().isoformat(),
            "seed": seed,
            "families": ["word_vectors", "char_cnn", "clitics", "shape", "lexicon_cues", "crf"],
            "without": sorted(without),
            "init": str(init) if init is not None else None,
            "lr": lr,
            "averaged_with_init": bool(average_init and init is not None),
            "architecture": {
                "vectors": f"{VOCAB} words x {DIMS} (PPMI +-2 directional window, SVD; int8 in the file)",
                "char_cnn": "32-dim characters, 96 filters of width 3, max-pooled",
                "extra": "proclitic (8), shape (4), vector lookup route (4), 6 lexicon cue bits",
                "encoder": f"BiLSTM 2 x {hidden}",
                "decoder": "linear-chain CRF, BIO-constrained Viterbi",
            },
            "data": "ANERcorp train.txt (CAMeL Lab split): first 90 % train, last 10 % dev",
            "command": "python scripts/train_ner.py",
            "dev_f1": info["best_dev_f1"],
            "best_epoch": info["best_epoch"],
            "max_epochs": epochs,
            "history": info["history"],
            "train_wall_seconds": round(time.time() - started),
            "train_cpu_seconds": round(time.process_time() - cpu),
            "vector_cpu_seconds": round(vec_cpu),
        }
    meta["memory_boost"] = 0.0
    meta["memory_dev"] = tune_memory(shipped_tagger(path, dict(meta)), data / "anercorp" / "train.txt")
    meta["memory_boost"] = max(meta["memory_dev"], key=lambda b: (meta["memory_dev"][b], -float(b)))
    meta["memory_boost"] = float(meta["memory_boost"])
    log(f"document memory: dev micro-F1 by boost {meta['memory_dev']}, chose {meta['memory_boost']}")
    tagger = shipped_tagger(path, meta)
    _, dev = split_dev(read_conll(data / "anercorp" / "train.txt", "anercorp")[0])
    meta["dev"] = score_sentences(tagger, dev)
    meta["dev_without_memory"] = score_sentences(shipped_tagger(path, {**meta, "memory_boost": 0.0}), dev)
    meta["test_without_memory"] = score_file(shipped_tagger(path, {**meta, "memory_boost": 0.0}), test_path)[
        "micro"
    ]
    meta["test"] = score_file(tagger, test_path)
    log(f"test: {meta['test']['micro']}")
    config_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return meta
