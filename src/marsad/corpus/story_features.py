"""What an article is about, as weighted keywords: the representation story clustering compares.

Terms are the clitic-stripped, lightly suffix-stripped stems of the title and the first words of
the text (the lead carries the news; the tail of an article drifts). Weights are sublinear term
frequency times an inverse document frequency that starts from a prior shipped with the package
(document frequencies learnt from news text, so five articles are weighted as sensibly as five
thousand) and keeps counting every article the index sees.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from itertools import islice
from operator import itemgetter

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import tokenize
from marsad.document import Article, Token

PRIOR_FILE = "data/story_df.json.gz"
# Function words, reporting boilerplate and calendar words: frequent in every story, so they only
# blur the line between stories (normalised spelling, as ``Token.stem`` carries it).
_STOPWORDS_RAW = """
في من على الى إلى عن ان أن إن إنه انه أنه ما لا لم لن قد كان كانت يكون تكون كانوا التي الذي الذين
اللذين اللتين اللاتي هذا هذه ذلك تلك هؤلاء أولئك هو هي هم هما هن انا نحن انت أنتم بين بعد قبل حتى
مع كما او أو ثم أي اي كل عند غير منذ خلال حيث اذا إذا لكن بل ايضا أيضا وقد وقال قال وقالت قالت يقول
تقول اليوم امس أمس غدا غداً الآن عام عاما سنة يوم أيام ساعة الساعة وفق وفقا بحسب حسب نحو لدى لدي
عبر ضمن دون فيه فيها منه منها عليه عليها اليه إليه اليها إليها له لها لهم به بها بهم وهو وهي وهم
وكان وكانت كذلك وذلك هناك هنا وأضاف واضاف أضاف اضاف وأكد واكد أكد اكد وأوضح واوضح أوضح اوضح
وأشار واشار أشار اشار مشيرا مؤكدا موضحا مضيفا وبين وبيّن بين اكثر أكثر أقل اقل جدا إلى
الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت يناير فبراير مارس ابريل أبريل مايو
يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر وكالة الأنباء واس صحيفة موقع تويتر
"""
_MIN_LENGTH = 2
_SUFFIXES = ("يات", "ات", "ون", "ين", "ان", "يه", "ه", "ي")
_MIN_STEM = 3


@cache
def stopwords() -> frozenset[str]:
    """Return the normalised stopword set (built once)."""
    return frozenset(normalise(word) for word in _STOPWORDS_RAW.split())


@cache
def light_stem(stem: str) -> str:
    """Strip one inflectional suffix so "الإرهابية", "إرهابيون" and "إرهابي" meet on "ارهاب"."""
    for suffix in _SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= _MIN_STEM:
            return stem[: -len(suffix)]
    return stem


@cache
def topic_term(stem: str) -> str:
    """The topic term a word's stem counts as, or "" for stopwords, short words and other symbols."""
    stop = stopwords()
    if len(stem) < _MIN_LENGTH or stem in stop or (stem[0] in "وف" and stem[1:] in stop):
        return ""
    if stem.isalpha():
        return light_stem(stem)
    if stem.isdigit() and len(stem) >= 2:
        return stem
    return ""


def count_terms(tokens: Iterable[Token], limit: int | None = None) -> Counter[str]:
    """Count the topic terms of the first ``limit`` words of a token sequence."""
    stems = (token.stem for token in tokens if token.is_word)
    return Counter(filter(None, map(topic_term, islice(stems, limit))))


def article_terms(article: Article, lead_words: int, title_weight: int) -> Counter[str]:
    """Count an article's terms: its title ``title_weight`` times, then its lead."""
    tokens = article.tokens or tokenize(article.text)
    counts = count_terms(tokens, lead_words)
    title = article.doc.title
    if title:
        for term, n in count_terms(tokenize(title)).items():
            counts[term] += n * title_weight
    return counts


def day_number(published: str | None) -> int | None:
    """Turn an ISO date of any precision into a day number ("2019-11" counts as mid-month)."""
    if not published:
        return None
    try:
        if len(published) >= 10:
            return date.fromisoformat(published[:10]).toordinal()
        if len(published) >= 7:
            return date(int(published[:4]), int(published[5:7]), 15).toordinal()
        return date(int(published[:4]), 7, 1).toordinal()
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class DocumentFrequencies:
    """How many documents of a background collection contain each term."""

    documents: int
    counts: Mapping[str, int]


@cache
def load_prior() -> DocumentFrequencies:
    """Load the document frequencies shipped with the package (empty when the file is absent)."""
    resource = resources.files("marsad.corpus").joinpath(PRIOR_FILE)
    if not resource.is_file():
        return DocumentFrequencies(0, {})
    data = json.loads(gzip.decompress(resource.read_bytes()).decode("utf-8"))
    return DocumentFrequencies(int(data["documents"]), dict(data["df"]))


class Vocabulary:
    """Document frequencies: a fixed prior plus every document counted since, so IDF keeps learning."""

    def __init__(self, prior: DocumentFrequencies | None = None) -> None:
        self.prior = prior if prior is not None else load_prior()
        self.documents = 0
        self.df: Counter[str] = Counter()

    def count(self, terms: Iterable[str]) -> None:
        """Record one more document containing ``terms``."""
        self.documents += 1
        self.df.update(set(terms))

    def idf(self, term: str) -> float:
        """Return the smoothed inverse document frequency of a term."""
        total = self.prior.documents + self.documents
        df = self.prior.counts.get(term, 0) + self.df.get(term, 0)
        return math.log((total + 1) / (df + 1)) + 1.0

    def weigh(self, counts: Mapping[str, int], keeps: Sequence[int]) -> list[dict[str, float]]:
        """Return, for each size in ``keeps``, the heaviest terms with unit-length TF-IDF weights."""
        prior, seen = self.prior.counts, self.df
        total = math.log(self.prior.documents + self.documents + 1)
        log = math.log
        weights = [
            ((1.0 + log(n)) * (total - log(prior.get(t, 0) + seen.get(t, 0) + 1) + 1.0), t)
            for t, n in counts.items()
        ]
        # Heaviest first, ties by term: two stable sorts, no key function called per term.
        weights.sort(key=itemgetter(1))
        weights.sort(key=itemgetter(0), reverse=True)
        vectors = []
        for keep in keeps:
            top = weights[:keep]
            norm = math.sqrt(sum(w * w for w, _ in top))
            vectors.append({t: w / norm for w, t in top} if norm else {})
        return vectors


def document_frequencies(term_sets: Iterable[Iterable[str]], min_df: int = 2) -> DocumentFrequencies:
    """Count document frequencies over a background collection, dropping terms rarer than ``min_df``."""
    counts: Counter[str] = Counter()
    documents = 0
    for terms in term_sets:
        documents += 1
        counts.update(set(terms))
    return DocumentFrequencies(documents, {t: n for t, n in sorted(counts.items()) if n >= min_df})


def save_prior(frequencies: DocumentFrequencies) -> bytes:
    """Serialise document frequencies as the gzipped JSON ``load_prior`` reads."""
    payload = {"documents": frequencies.documents, "df": dict(frequencies.counts)}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), mtime=0)
