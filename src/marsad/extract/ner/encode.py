"""Words to the integer inputs of the neural tagger: embedding row, characters, clitics, shape, cues.

Training (torch) and inference (numpy) both call ``WordEncoder.encode``, so the model sees the
same inputs in both. The work per distinct word is cached (bounded), since news repeats words.
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import clitic_variants, split_clitics
from marsad.extract.ner.lexicon import Lexicon

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[a-z]")
MAX_CHARS = 16
SHAPES = ("pad", "ar", "lat", "digit", "punct", "other")
PROCLITICS = ("pad", "", "ال", "وال", "فال", "بال", "كال", "وبال", "وكال", "فبال", "فكال", "لل", "ولل", "فلل")
# How the word found its pretrained vector: as written, through a clitic-stripped reading, or not.
HOW = ("pad", "exact", "stripped", "none")
CUES = ("title", "orgh", "loch", "fname", "part", "place")
CACHE_SIZE = 50_000


# Input families an ablation can remove, in the order of the BiLSTM input vector.
FAMILIES = ("vectors", "chars", "affixes", "cues")


@dataclass(frozen=True, slots=True)
class EncodedWord:
    """The integer inputs of one word."""

    row: int
    chars: tuple[int, ...]
    proclitic: int
    shape: int
    how: int
    cues: int
    forms: tuple[str, ...] = ()  # clitic-free readings, the first one remembered by the document memory


def word_shape(norm: str) -> str:
    """Coarse class of a normalised word: Arabic, Latin, digits, punctuation or mixed."""
    if norm.isdigit():
        return "digit"
    if _ARABIC.search(norm):
        return "ar"
    if _LATIN.search(norm):
        return "lat"
    if not any(ch.isalnum() for ch in norm):
        return "punct"
    return "other"


def place_words(lexicon: Lexicon) -> frozenset[str]:
    """Words that open a CLDR place name (a cheap single-word stand-in for phrase matching)."""
    return frozenset(key[0] for key in lexicon.phrases)


@dataclass
class WordEncoder:
    """Map words to ``EncodedWord`` with a vocabulary of pretrained rows and a character table."""

    rows: dict[str, int]
    chars: dict[str, int]
    lexicon: Lexicon
    places: frozenset[str] = frozenset()
    _cache: OrderedDict[str, EncodedWord] = field(default_factory=OrderedDict, repr=False)
    _cue_bits: dict[str, int] = field(default_factory=dict, repr=False)

    def _build_cue_bits(self) -> dict[str, int]:
        """Map every lexicon word to the cue bits it sets (one lookup per form instead of five sets)."""
        lex = self.lexicon
        sets = {
            "title": lex.person_titles,
            "orgh": lex.org_heads,
            "loch": lex.loc_heads,
            "fname": lex.first_names,
            "place": self.places,
        }
        bits = self._cue_bits
        for name, words in sets.items():
            for word in words:
                bits[word] = bits.get(word, 0) | 1 << CUES.index(name)
        bits.setdefault("", 0)  # built, even when every set is empty
        return bits

    def encode(self, word: str) -> EncodedWord:
        """Encode one word, from the cache when it was seen recently."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        enc = self._encode(word)
        self._cache[word] = enc
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return enc

    def _encode(self, word: str) -> EncodedWord:
        """Encode one word without the cache."""
        norm = normalise(word)
        shape = word_shape(norm)
        if shape == "ar":
            proclitics, stem = split_clitics(norm)
            variants = clitic_variants(norm)
        else:
            proclitics, stem, variants = "", norm, (norm,)
        row = self.rows.get(norm)
        how = "exact"
        if row is None:
            how = "stripped"
            row = next((r for f in (stem, *variants) if (r := self.rows.get(f)) is not None), None)
        if row is None:
            how, row = "none", 1
        unk = 1
        get = self.chars.get
        chars = tuple([get(c, unk) for c in norm[:MAX_CHARS]]) or (unk,)
        bits = self._cue_bits or self._build_cue_bits()
        cues = 0
        for form in {norm, stem, *variants}:
            cues |= bits.get(form, 0)
        if norm in self.lexicon.name_particles:
            cues |= 1 << CUES.index("part")
        proc = PROCLITICS.index(proclitics) if proclitics in PROCLITICS else 1
        forms_out = (stem, *(v for v in variants if v != stem))
        return EncodedWord(row, chars, proc, SHAPES.index(shape), HOW.index(how), cues, forms_out)


@dataclass(frozen=True)
class Batch:
    """Padded integer arrays for a batch of sentences (B sentences, T tokens, C characters)."""

    rows: np.ndarray  # (B, T) int
    chars: np.ndarray  # (B, T, C) int
    proclitic: np.ndarray  # (B, T) int
    shape: np.ndarray  # (B, T) int
    how: np.ndarray  # (B, T) int
    cues: np.ndarray  # (B, T, len(CUES)) float32
    lengths: np.ndarray  # (B,) int


def make_batch(encoder: WordEncoder, sentences: Sequence[Sequence[str]]) -> Batch:
    """Encode and pad sentences (0 is the padding index everywhere)."""
    b = len(sentences)
    t = max((len(s) for s in sentences), default=0) or 1
    flat = [encoder.encode(w) for s in sentences for w in s]
    lengths = np.array([len(s) for s in sentences], dtype=np.int64)
    c = max((len(e.chars) for e in flat), default=1)
    sent = np.repeat(np.arange(b), lengths)
    pos = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)

    def grid(values: list[int]) -> np.ndarray:
        """A (B, T) array holding one value per real token, 0 for padding."""
        out = np.zeros((b, t), dtype=np.int64)
        out[sent, pos] = values
        return out

    rows = grid([e.row for e in flat])
    proc = grid([e.proclitic for e in flat])
    shape = grid([e.shape for e in flat])
    how = grid([e.how for e in flat])
    cues = grid([e.cues for e in flat])
    n_chars = np.array([len(e.chars) for e in flat], dtype=np.int64)
    chars = np.zeros((b, t, c), dtype=np.int64)
    if flat:
        char_ids = np.fromiter(itertools.chain.from_iterable(e.chars for e in flat), dtype=np.int64)
        offset = np.arange(char_ids.size) - np.repeat(np.cumsum(n_chars) - n_chars, n_chars)
        chars[np.repeat(sent, n_chars), np.repeat(pos, n_chars), offset] = char_ids
    bits = ((cues[..., None] >> np.arange(len(CUES))) & 1).astype(np.float32)
    return Batch(rows, chars, proc, shape, how, bits, lengths)
