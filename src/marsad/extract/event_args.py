"""Find an event's actor and target in one sentence: noun phrases, subjects (VSO, SVO) and objects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import skip_letters
from marsad.document import Mention, Token
from marsad.extract.event_lexicon import Lexicon, may_trigger
from marsad.extract.speech_lexicon import load_lexicon as load_speech_lexicon


def _norms(words: str) -> frozenset[str]:
    """Normalise a space-separated word list into a set."""
    return frozenset(normalise(w) for w in words.split())


PREPOSITIONS = _norms(
    "في من إلى على عن مع ضد حول بين عند لدى منذ خلال بعد قبل نحو عبر تجاه إزاء بحق حتى دون بدون "
    "أمام وراء فوق تحت ضمن لصالح بشأن قرب داخل خارج وسط عقب إثر أثناء بالقرب "
    "بمعية بحضور بمناسبة برئاسة بسبب بفضل بواسطة بقيادة بهدف بغية لدى وفق وفقا حسب بحسب"
)
PRONOUN_PREPS = frozenset(
    normalise(p + s)
    for p in ("علي", "عن", "من", "مع", "في", "إلي", "ل", "ب", "لدي", "ضد")
    for s in ("ه", "ها", "هم", "هما", "هن", "نا", "كم")
) | _norms("عليه عليها عليهم إليه إليها إليهم منه منها منهم")
QUOTE_OPEN = frozenset('«“"')
QUOTE_CLOSE = frozenset('»”"')
COMPLEMENTIZERS = _norms("أن إن بأن أنه أنها أنهم أنهما إنه إنها إنهم بأنه بأنها بأنهم لأن لأنه لأنها")
PRONOUN_COMPLEMENTIZERS = _norms("أنه أنها أنهم أنهما إنه إنها إنهم بأنه بأنها بأنهم")
RELATIVES = _norms("الذي التي الذين اللذين اللتين اللذان اللتان اللواتي اللاتي")
NEGATIONS = _norms("لا لم لن ليس ليست ليسوا لسنا لست")
PARTICLES = _norms("قد لقد سوف كان كانت كانوا يكون تكون يكونوا نكون")
MODALS = _norms(
    "يمكن يمكنه يمكنها يمكنهم ويمكن يجب ينبغي يحتمل يتوقع يخشى يتخوف "
    "المرجح المحتمل المتوقع يرجح يريد تريد يريدون"
)
HYPOTHETICALS = _norms("لو إذا ربما لعل")
OPENERS = _norms("و ف ثم لكن لكنه بل أو حيث إذ كما بينما فيما عندما حين بعدما")
FUNCTION_WORDS = (
    PREPOSITIONS
    | COMPLEMENTIZERS
    | RELATIVES
    | NEGATIONS
    | PARTICLES
    | HYPOTHETICALS
    | OPENERS
    | PRONOUN_PREPS
    | _norms("هو هي هم هما نحن أنا هذا هذه ذلك تلك هؤلاء ما ماذا إلا غير سوى عن وهو وهي وذلك كذلك أيضا")
)
ADVERBS = _norms(
    "أمس اليوم غدا الآن حاليا مساء صباح ظهر الليلة الماضي الماضية المقبل المقبلة الحالي الجاري يوم "
    "الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت أيضا رسميا خصوصا مجددا بدوره بدورها "
    "كذلك فقط أخيرا مؤخرا بشدة بقوة علنا سابقا لاحقا فعلا بوحشية مجددا تقريبا الأسبوع الشهر"
)
NAME_LINKS = _norms("بن ابن بنت آل أبو أبي عبد")
NUMBER_WORDS = _norms(
    "اثنان اثنين ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة ثلاث أربع خمس ست سبع ثمان تسع عشر "
    "عشرات مئات آلاف ملايين عدد عدة بضعة بعض أحد إحدى جميع كل معظم أغلب"
)
COMMON_ADJECTIVES = _norms(
    "عام عامة كبير كبرى جديد جديدة أول أولى ثاني ثانية أخير أخيرة سابق سابقة خاص خاصة أعلى"
)
_EXTRA_TITLES = _norms("صاحب السمو الملكي جلالة فخامة دولة سعادة حضرة ولي العهد أمير زعيم")
CLAUSE_PUNCT = frozenset("،,.؛;:؟?!")


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    """First names and name particles (بن، أبو، آل) from the NER lexicon, for phrases without mentions."""
    import json
    from importlib import resources

    raw = json.loads(resources.files("marsad.extract.ner").joinpath("data/lexicon.json").read_text("utf-8"))
    particles = frozenset(normalise(w) for w in raw["name_particles"] if w not in ("دي", "دو", "أم"))
    return frozenset(normalise(w) for w in raw["first_names"]), particles


@cache
def _titles() -> frozenset[str]:
    """Honorifics and roles that precede a person's name (shared with the quote extractor)."""
    speech = load_speech_lexicon()
    return speech.honorifics | speech.roles | _EXTRA_TITLES


_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"


def spells_verb(token: Token, lexicon: Lexicon) -> bool:
    """Tell whether a token can be a trigger: listed, and not ending in ة (no verb does)."""
    if not token.is_word or not may_trigger(token.norm, lexicon):
        return False
    return not token.text.rstrip(_MARKS).endswith("ة")


def looks_verbal(token: Token) -> bool:
    """Guess that a word outside the taxonomy is a verb from its plural endings (يبحثون، قالوا)."""
    norm = token.norm
    if token.proclitics or len(norm) < 5:
        return False
    return (norm[0] in "يت" and norm.endswith("ون")) or norm.endswith("وا")


def bare(norm: str) -> str:
    """Drop a leading conjunction و/ف from a function word ("ولم" -> "لم")."""
    if len(norm) > 2 and norm[0] in "وف" and norm[1:] in FUNCTION_WORDS:
        return norm[1:]
    return norm


@dataclass(frozen=True, slots=True)
class SentenceView:
    """The tokens of one sentence, with the entity mention (if any) covering each token."""

    text: str
    tokens: tuple[Token, ...]
    mentions: tuple[Mention | None, ...]
    lexicon: Lexicon
    dated: tuple[bool, ...]
    norms: tuple[str, ...]
    boundaries: tuple[bool, ...]
    clause_ends: tuple[int, ...]

    @classmethod
    def build(
        cls,
        text: str,
        tokens: Sequence[Token],
        mentions: Sequence[Mention],
        lexicon: Lexicon,
        dates: Sequence[tuple[int, int]] = (),
    ) -> SentenceView:
        """Attach to each token the mention that overlaps it and whether a date expression covers it."""
        covering: list[Mention | None] = []
        k = 0
        ordered = sorted(mentions, key=lambda m: m.start)
        for token in tokens:
            while k < len(ordered) and ordered[k].end <= token.start:
                k += 1
            found = ordered[k] if k < len(ordered) and ordered[k].start < token.end else None
            covering.append(found)
        if dates:
            dated = tuple(any(a <= t.start and t.end <= b for a, b in dates) for t in tokens)
        else:
            dated = (False,) * len(tokens)
        norms = tuple(bare(t.norm) for t in tokens)
        boundaries = tuple(not t.is_word and t.text in CLAUSE_PUNCT for t in tokens)
        ends = [len(tokens)] * len(tokens)
        nxt = len(tokens)
        for i in range(len(tokens) - 1, -1, -1):
            ends[i] = nxt
            if boundaries[i] or norms[i] in COMPLEMENTIZERS:
                nxt = i
        return cls(text, tuple(tokens), tuple(covering), lexicon, dated, norms, boundaries, tuple(ends))

    def norm(self, i: int) -> str:
        """Return token ``i``'s normalised form with a conjunction on a function word removed."""
        return self.norms[i]

    def is_word(self, i: int) -> bool:
        """Tell whether token ``i`` exists and is a word (not punctuation)."""
        return 0 <= i < len(self.tokens) and self.tokens[i].is_word

    def is_boundary(self, i: int) -> bool:
        """Tell whether token ``i`` ends a clause (punctuation other than quotation marks)."""
        return self.boundaries[i]

    def is_verb(self, i: int) -> bool:
        """Tell whether token ``i`` is an action verb or light verb of the taxonomy."""
        return spells_verb(self.tokens[i], self.lexicon)

    def is_definite(self, i: int) -> bool:
        """Tell whether token ``i`` carries the article (adjective or genitive of a definite phrase)."""
        return self.tokens[i].proclitics.endswith(("ال", "لل"))

    def same_mention(self, i: int, j: int) -> bool:
        """Tell whether tokens ``i`` and ``j`` belong to one entity mention."""
        return self.mentions[i] is not None and self.mentions[i] is self.mentions[j]

    def is_skippable(self, i: int) -> bool:
        """Tell whether token ``i`` is an adverb or time word that sits between verb and arguments."""
        if self.dated[i]:
            return True
        norm = self.norm(i)
        return (
            self.tokens[i].is_word and (norm in ADVERBS or norm in PRONOUN_PREPS) and self.mentions[i] is None
        )

    def can_head(self, i: int) -> bool:
        """Tell whether token ``i`` may start a noun phrase."""
        if not self.is_word(i):
            return False
        if self.mentions[i] is not None:
            return True
        norm = self.norm(i)
        if norm in FUNCTION_WORDS or norm in ADVERBS or self.is_verb(i):
            return False
        return not looks_verbal(self.tokens[i])

    def can_continue(self, i: int) -> bool:
        """Tell whether token ``i`` may continue a noun phrase."""
        return self.can_head(i) and self.tokens[i].proclitics in ("", "ال")


def is_adjective(stem: str) -> bool:
    """Guess whether a definite word after a definite word is its adjective (nisba, participle, list)."""
    if stem.endswith(("ي", "يه", "يين", "يون", "يات")) or stem in COMMON_ADJECTIVES:
        return True
    return stem.startswith("م") and len(stem) >= 5


def _joins_name(view: SentenceView, j: int, nxt: int) -> bool:
    """Tell whether ``nxt`` continues a personal name: "محمد بن سلمان"، "أبو بكر البغدادي"."""
    if view.mentions[j] is not None or view.mentions[nxt] is not None or view.is_definite(j):
        return False
    if not view.can_continue(nxt):
        return False
    first_names, particles = _names()
    if view.norm(nxt) in particles or view.norm(j) in particles:
        return True
    named = view.norm(j) in first_names or (j > 0 and view.norm(j - 1) in particles)
    if named and view.is_definite(nxt):
        return view.tokens[nxt].stem.endswith("ي")
    return view.norm(j) in first_names and not looks_accusative(view, nxt)


def _continues(view: SentenceView, i: int, j: int, nxt: int) -> bool:
    """Tell whether token ``nxt`` continues the phrase ``i..j``: adjective, genitive, counted noun, name."""
    n = len(view.tokens)
    if view.norm(j) in _titles() and view.mentions[j] is None and not view.is_definite(j):
        return True
    if _joins_name(view, j, nxt):
        return True
    if view.mentions[j] is None and view.norm(j) in _names()[0]:
        return False
    if view.mentions[j] is not None and view.mentions[nxt] is not view.mentions[j]:
        return view.is_definite(nxt) and is_adjective(view.tokens[nxt].stem)
    if view.is_definite(nxt):
        return not view.is_definite(j) or is_adjective(view.tokens[nxt].stem)
    if j == i and (view.tokens[j].norm.isdigit() or view.norm(j) in NUMBER_WORDS):
        return True
    if view.is_definite(j):
        return False
    if view.mentions[nxt] is not None:
        return True
    if view.tokens[nxt].stem.endswith(("ي", "يه", "يين", "يون", "يات")) and len(view.tokens[nxt].stem) > 3:
        return True
    return nxt + 1 < n and view.can_continue(nxt + 1) and view.is_definite(nxt + 1)


def noun_phrase_end(view: SentenceView, i: int, limit: int = 5) -> int:
    """Return the last token index of the noun phrase that starts at ``i`` (head, idafa, adjectives)."""
    j = i
    n = len(view.tokens)
    while j + 1 < n and j - i < limit:
        nxt = j + 1
        if view.same_mention(j, nxt):
            j = nxt
            continue
        if (
            j == i
            and view.norm(j) in NUMBER_WORDS
            and view.norm(nxt) == "من"
            and nxt + 1 < n
            and view.can_head(nxt + 1)
        ):
            j = noun_phrase_end(view, nxt + 1, limit=3)
            break
        if not view.can_continue(nxt) or view.dated[nxt]:
            break
        starts_mention = view.mentions[nxt] is not None and view.mentions[nxt] is not view.mentions[j]
        if starts_mention and view.is_definite(j):
            break
        if _continues(view, i, j, nxt):
            j = nxt
        else:
            break
    return j


def _coordinated_verb(view: SentenceView, i: int) -> bool:
    """Guess that a word is و/ف plus an imperfect verb ("وتبلغ"): it opens a clause, it is no head."""
    norm = view.tokens[i].norm
    if view.mentions[i] is not None or view.tokens[i].proclitics or len(norm) < 4:
        return False
    return norm[0] in "وف" and norm[1] in "يتن"


def noun_phrase_start(view: SentenceView, b: int, limit: int = 6, loose: bool = False) -> int:
    """Return the first token index of the noun phrase that ends at ``b``.

    ``loose`` lets a definite word follow a definite word without looking like an adjective: the
    antecedent of a relative pronoun is one phrase ("التفجير الإرهابي الجبان الذي").
    """
    s = b
    while s - 1 >= 0 and b - s < limit:
        prev = s - 1
        if view.same_mention(prev, s):
            s = prev
            continue
        if not view.can_head(prev) or view.tokens[prev].proclitics not in ("", "ال", "وال", "فال"):
            break
        if _coordinated_verb(view, prev):
            break
        if (
            _starts_name(view, s)
            and view.mentions[s] is None
            and (view.is_definite(prev) or prev_is_title(view, prev))
        ):
            s = prev
            continue
        if view.norm(prev) in NUMBER_WORDS or view.tokens[prev].norm.isdigit():
            s = prev
            break
        idafa = not view.is_definite(prev) and s + 1 <= b and view.is_definite(s + 1)
        adjective = view.is_definite(s) and (
            not view.is_definite(prev) or loose or is_adjective(view.tokens[s].stem)
        )
        if adjective or (view.mentions[s] is not None and not view.is_definite(prev)) or idafa:
            s = prev
            if view.tokens[prev].proclitics[:1] in ("و", "ف"):
                break
        else:
            break
    return s


def _name_after_title(view: SentenceView, i: int, j: int) -> tuple[int, int] | None:
    """Find the personal name after a title or role ("رئيس النادي أحمد بن علي" -> "أحمد بن علي")."""
    titles = _titles()
    k = i
    n = len(view.tokens)
    while k < n and k - i < 8 and view.is_word(k) and (view.norm(k) in titles or view.is_definite(k)):
        if k > i and view.tokens[k].proclitics.startswith("ب") and view.mentions[k] is None:
            return None  # "الوزير بالرئيس X": X is the object
        k += 1
    start = k
    while k < n and k - start < 6 and view.can_continue(k) and not view.is_definite(k):
        k += 1
    if k == start or view.norm(start) in NAME_LINKS:
        return None
    return start, k - 1


def resolve_title(view: SentenceView, i: int, j: int) -> tuple[int, int]:
    """Move a phrase headed by a title or role onto the person named after it, when NER found one.

    "الأمين العام للأمم المتحدة بان جي مون" -> the PERSON mention "بان جي مون".
    """
    titles = _titles()
    if view.norm(i) not in titles and view.tokens[i].stem not in titles:
        return i, j
    k = i
    n = len(view.tokens)
    institutional = False
    while k < n and k - i < _TITLE_WINDOW and view.is_word(k):
        mention = view.mentions[k]
        if mention is not None and mention.type == "PERSON":
            return k, _mention_end(view, k)
        if mention is None and view.tokens[k].proclitics.startswith("ب") and k > i:
            break  # "التقى الوزير بالرئيس X": the person after بـ is the object
        plain = mention is None and not (view.norm(k) in titles or view.tokens[k].proclitics or k <= j)
        if plain and k + 1 < n and _person_at(view, k + 1) and not view.is_verb(k):
            return k, _mention_end(view, k + 1)  # "بان جي مون" when the NER found "جي مون"
        if mention is None and _starts_name(view, k):
            end = k
            while end + 1 < n and end - k < 5 and view.is_word(end + 1) and _joins_name(view, end, end + 1):
                end += 1
            return k, end
        if plain and _institution_word(view, k):
            institutional = True  # "المدير العام لجمعية ... بمحافظة ..."
        elif plain and not (institutional and view.can_head(k) and not view.is_verb(k)):
            break
        k += 1
    return i, j


_TITLE_WINDOW = 14  # tokens a title phrase may run before the person's name


def _person_at(view: SentenceView, k: int) -> bool:
    """Tell whether a PERSON mention starts at token ``k``."""
    mention = view.mentions[k]
    return mention is not None and mention.type == "PERSON" and mention.start == view.tokens[k].start


def _mention_end(view: SentenceView, k: int) -> int:
    """Return the last token of the mention that covers token ``k``."""
    end = k
    while end + 1 < len(view.tokens) and view.mentions[end + 1] is view.mentions[k]:
        end += 1
    return end


def _institution_word(view: SentenceView, k: int) -> bool:
    """Tell whether a word links a title to its institution: "لجمعية"، "لتحفيظ"، "بمحافظة"، "بوزارة"."""
    norm = view.tokens[k].norm
    if len(norm) < 4 or norm[0] not in "لب":
        return False
    return norm[0] == "ل" or norm[1:] in load_speech_lexicon().org_nouns


def prev_is_title(view: SentenceView, i: int) -> bool:
    """Tell whether token ``i`` is a title or role word."""
    return view.norm(i) in _titles() or view.tokens[i].stem in _titles()


def _starts_name(view: SentenceView, k: int) -> bool:
    """Tell whether a personal name starts at ``k``: a known first name, or a word before بن/أبو."""
    first_names, particles = _names()
    if view.is_definite(k) or not view.is_word(k):
        return False
    if view.norm(k) in first_names or view.norm(k) in particles:
        return True
    return k + 1 < len(view.tokens) and view.norm(k + 1) in particles


def phrase_span(view: SentenceView, i: int, j: int, cut: int = 0) -> tuple[int, int]:
    """Turn the token range ``i..j`` into character offsets, preferring an entity mention inside it."""
    titles = _titles()
    first = view.tokens[i]
    if view.norm(i) in titles or first.stem in titles:
        named = _name_after_title(view, i, j)
        if named is not None:
            a, b = named
            for k in range(a, b + 1):
                mention = view.mentions[k]
                if mention is not None and mention.type == "PERSON":
                    return mention.start, mention.end
    for k in range(i, j + 1):
        mention = view.mentions[k]
        if mention is not None:
            if k == i and cut and mention.start == first.start:
                return skip_letters(view.text, first.start, cut), mention.end
            return mention.start, mention.end
    start = skip_letters(view.text, first.start, cut) if cut else first.start
    return start, view.tokens[j].end


def subject_before(view: SentenceView, v: int) -> tuple[int, int] | None:
    """Find an SVO subject: a noun phrase right before the verb that opens its clause."""
    b = v - 1
    if b >= 1 and view.tokens[b].text in QUOTE_OPEN:
        b -= 1  # "أن السلطات “ألقت القبض": the quotation opens on the verb
    while b >= 0 and view.is_word(b) and view.norm(b) in (NEGATIONS | PARTICLES):
        b -= 1
    if b >= 1 and view.tokens[b].text in "،," and view.can_head(b - 1):
        s = noun_phrase_start(view, b - 1)
        if s >= 1 and view.tokens[s - 1].text in "،,":
            return s, b - 1
    if b < 0 or not view.is_word(b):
        return None
    if view.norm(b) in RELATIVES:
        end = b - 1
        if end >= 0 and view.can_head(end):
            return noun_phrase_start(view, end, loose=True), end
        return None
    if not view.can_head(b) or view.tokens[b].proclitics not in ("", "ال"):
        return None
    s = noun_phrase_start(view, b)
    before = _before_title_phrase(view, s)
    if before < 0 or view.is_boundary(before):
        return s, b
    if view.tokens[s].norm[:1] in "وف" and view.tokens[s].proclitics.startswith(("و", "ف")):
        return s, b
    opener = view.norm(before)
    if opener in COMPLEMENTIZERS or opener in OPENERS or opener in PARTICLES:
        return s, b
    if not view.tokens[before].is_word:
        return s, b
    return None


def _before_title_phrase(view: SentenceView, s: int) -> int:
    """Return the token before a name's title phrase ("أن رئيس الاتحاد ... الشيخ X كشف": before رئيس).

    Only when a title or a definite description stands right before the name; the phrase runs back
    over titles, definite words, ل-genitives and entity mentions.
    """
    before = s - 1
    mention = view.mentions[s]
    if mention is None or before < 0 or not view.is_word(before):
        return before
    described = mention.type == "PERSON" and view.is_definite(before)  # "وكان الطفل الفلسطيني X قتل"
    if not (prev_is_title(view, before) or described):
        return before
    k = before
    while k >= 0 and s - k <= _TITLE_WINDOW and view.is_word(k):
        token = view.tokens[k]
        linked = view.mentions[k] is not None or view.is_definite(k) or token.norm[:1] == "ل"
        if (
            not (prev_is_title(view, k) or linked)
            or view.norm(k) in OPENERS
            or view.norm(k) in COMPLEMENTIZERS
        ):
            return k
        k -= 1
    return k


def phrase_after(view: SentenceView, k: int, stop: int) -> tuple[int, int] | None:
    """Find the noun phrase that starts at or after ``k`` (adverbs and time words skipped)."""
    while k < stop and (view.is_skippable(k) or (not view.is_word(k) and not view.is_boundary(k))):
        if view.tokens[k].text in QUOTE_OPEN and quoted_phrase(view, k, stop) is not None:
            break
        k += 1
    if k < stop and view.tokens[k].text in QUOTE_OPEN:
        quoted = quoted_phrase(view, k, stop)
        if quoted is not None:
            return quoted
    if k >= stop or not view.can_head(k):
        return None
    if view.tokens[k].proclitics not in ("", "ال") and view.mentions[k] is None:
        return None
    return k, min(noun_phrase_end(view, k), stop - 1)


def quoted_phrase(view: SentenceView, k: int, stop: int) -> tuple[int, int] | None:
    """Read a short name in quotation marks after token ``k`` («أطباء بلا حدود») as one phrase."""
    j = k + 1
    while j < min(stop, k + 6) and view.tokens[j].is_word:
        j += 1
    if j == k + 1 or j >= len(view.tokens) or view.tokens[j].text not in QUOTE_CLOSE:
        return None
    return k + 1, j - 1


def looks_accusative(view: SentenceView, i: int) -> bool:
    """Guess whether a word after the verb is its object, not its subject.

    Tanween alif (خبراء -> خبيرا، هجوما), a possessive pronoun (سفنه: the subject is then dropped), or
    a preposition glued to a verbal noun (باستكمال) mark an object or an adverbial.
    """
    token = view.tokens[i]
    norm = token.norm
    if view.mentions[i] is not None or token.proclitics or len(norm) < 4:
        return False
    if norm[0] in "بل" and norm[1] == "ا" and len(norm) >= 5:
        return True
    if token.text.rstrip(_MARKS).endswith(("ه", "ها", "هم", "هما")):
        return True
    return norm.endswith("ا") and not norm.endswith(("يا", "كا", "نا", "وا", "تا"))


def clause_end(view: SentenceView, k: int) -> int:
    """Return the index where the clause that contains token ``k`` ends (punctuation or complementizer)."""
    return view.clause_ends[k]


def _attached(view: SentenceView, k: int, prep: str) -> bool:
    """Tell whether token ``k`` begins with the one-letter preposition ``prep`` (ب، ل)."""
    token = view.tokens[k]
    if len(prep) != 1 or token.norm[:1] != prep or len(token.norm) < 4:
        return False
    mention = view.mentions[k]
    return mention is None or mention.start > token.start


def target_after(view: SentenceView, k: int, stop: int, prefs: Sequence[str]) -> tuple[int, int, int] | None:
    """Find the target from token ``k``: the object or the object of a preferred preposition.

    Returns (first token, last token, letters of an attached preposition to cut off the first token).
    """
    found: dict[str, tuple[int, int, int]] = {}
    while k < stop:
        if not view.is_word(k) or view.is_skippable(k):
            k += 1
            continue
        norm = view.norm(k)
        if norm in COMPLEMENTIZERS or norm in RELATIVES or view.is_verb(k):
            break
        if norm in PREPOSITIONS:
            phrase = phrase_after(view, k + 1, stop)
            if norm in prefs and norm not in found and phrase is not None:
                found[norm] = (phrase[0], phrase[1], 0)
            k = (phrase[1] + 1) if phrase is not None else k + 1
            continue
        letter = next((p for p in prefs if _attached(view, k, p)), None)
        if letter is not None:
            if letter not in found:
                found[letter] = (k, noun_phrase_end(view, k), 1)
            k = noun_phrase_end(view, k) + 1
            continue
        if view.tokens[k].proclitics not in ("", "ال"):
            k = noun_phrase_end(view, k) + 1
            continue
        if norm in FUNCTION_WORDS:
            k += 1
            continue
        end = noun_phrase_end(view, k)
        if "object" not in found and view.can_head(k):
            found["object"] = (k, end, 0)
        k = end + 1
    for pref in prefs:
        if pref in found:
            return found[pref]
    return None
