"""Who said what: direct and indirect quotations with their reporting verb and speaker span.

A reporting verb (قال، أكد، أشار إلى، زعم، نفى ...) is read forward: the words up to its
complementizer (إن/أن/بأن), colon or opening quotation mark name the speaker; what follows is the
quote. Direct quotes are the words inside the marks (which may run over several sentences);
indirect ones run to the end of the clause. A verb with no subject (وأضاف، مشيرا، من جانبه قال)
continues the previous speaker.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import tokenize
from marsad.document import Article, Mention, QuoteMention, Token
from marsad.extract.speech_lexicon import SpeechLexicon, SpeechVerb, load_lexicon
from marsad.extract.speech_marks import OPENERS, REVERSED_OPENERS, QuotedRegion, find_parenthesis, find_quoted
from marsad.extract.speech_speaker import (
    Speaker,
    backward_subject,
    is_role,
    mention_in,
    nearest_mention_before,
    subject_tokens,
)
from marsad.pipeline import ArticleStage

_ENDS = frozenset(".!?؟…")
_SEPARATORS = frozenset("،,؛;")
_MAX_SUBJECT = 20
_MAX_STRICT = 2
_MIN_NAME_WORDS = 3
_GENERAL_PREPS = frozenset({"الي", "علي", "عن", "من", "في"})
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين"})
_MAX_NAME_WINDOW = 8
_MAX_ANTECEDENT = 400  # tokens searched back for the person a "سموه" refers to
_PRONOUN_TITLES = frozenset(
    {"سموه", "سموها", "معاليه", "معاليها", "فضيلته", "سماحته", "دولته", "جلالته", "سعادته", "فخامته"}
)
_MAX_EMBEDDED = 600  # longest quotation an indirect clause may carry inside it (as the sentence splitter)
_CONDITIONAL = frozenset({"هم", "هو", "هي", "كان", "كانت", "كانوا", "لم"})
_CLAUSE_OPENERS = frozenset({"ثم", "لكن", "ولكن", "بل", "حيث", "اذ", "فيما", "بينما", "لان", "كي", "لكي"})


def _is_title(norm: str, lex: SpeechLexicon) -> bool:
    """Tell whether a word is a title or role that introduces a named subject."""
    bare = norm[1:] if norm[:3] == "وال" else norm
    return bare in lex.honorifics or bare in lex.roles


_ATTRIBUTION_CUES = frozenset({"كما", "حسبما", "ما"})
_ATTRIBUTION_PREPS = frozenset({"علي", "وفق", "بحسب", "حسب"})
_SPEECH_PLACE = frozenset({"فيه", "فيها"})
_MAX_DATELINE = 6  # tokens a dateline may take before its colon
_MODAL = frozenset({"قد", "وقد", "لقد", "فقد"})
_DATELINE = frozenset("-–—:")
_KANA = frozenset({"كان", "كانت", "وكان", "وكانت", "فكان", "فكانت", "كانوا", "وكانوا"})
_FRONTED = frozenset(
    {"عن", "حول", "في", "علي", "الي", "من", "مع", "بعد", "قبل", "خلال", "بشان", "بخصوص", "حيال", "ازاء"}
)  # a sentence opening with these fronts a phrase before its verb ("وعن أسباب ...، قالت")
_MAX_FRONTED = 6  # words a fronted phrase may take before its comma
_QUANTIFIERS = frozenset(
    {"عدد", "بعض", "كثير", "الكثير", "العديد", "مجموعه", "عشرات", "مئات", "الاف", "احد", "احدي", "جمله"}
)  # "حذر عدد من الخبراء من أن": the first من is partitive, not the verb's preposition
_NOT_NOUN = frozenset(
    {"قد", "لقد", "وقد", "فقد", "لا", "لم", "لن", "ما", "كما", "حيث", "اذ", "بل", "لكن", "ثم", "كان", "كانت"}
    | {"انه", "انها", "ان", "هو", "هي", "هم", "ذلك", "هذا", "هذه", "كذلك", "ايضا", "فيما", "بينما", "عندما"}
)  # particles and pronouns a present-tense verb may follow without qualifying a noun
_PARTICLES = frozenset(
    {"و", "ف", "ثم", "قد", "لقد", "وقد", "فقد", "لا", "لم", "لن", "ما", "ان", "كما", "حيث", "اذ", "بل", "لكن"}
)


@dataclass(frozen=True, slots=True)
class _Attachment:
    """How a verb attaches its content: the subject tokens and where the content begins."""

    how: str  # "clause" | "colon" | "mark"
    region: tuple[int, ...]
    at: int  # token index of the complementizer, colon or opening mark
    quoted: QuotedRegion | None = None


class _Reader:
    """One article's tokens, quoted regions and mentions, read once for all its verbs."""

    def __init__(self, text: str, tokens: Sequence[Token], mentions: Sequence[Mention]) -> None:
        self.text = text
        self.tokens = tokens
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.lex: SpeechLexicon = load_lexicon()
        self.regions = find_quoted(text)
        verbs = self.lex.verbs
        self.verb_at: dict[int, SpeechVerb] = {}
        self.by_start: dict[int, int] = {}
        for k, tok in enumerate(tokens):
            if tok.is_word:
                norm = tok.norm
                found = verbs.get(norm)
                if found is None and norm[:1] in "وف" and len(norm) > 3:
                    found = verbs.get(norm[1:])
                if found is not None:
                    self.verb_at[k] = found
                elif norm[-1:] == "ه" and k > 0 and tokens[k - 1].norm == "ما" and norm[:-1] in verbs:
                    self.verb_at[k] = verbs[norm[:-1]]  # "بحسب ما نقلته X": the verb with its object pronoun
                elif norm == "القول" and self.says_after(k):
                    self.verb_at[k] = verbs[
                        "قال"
                    ]  # "اتفقوا على القول: ...": the verbal noun carries the speech
            else:
                self.by_start[tok.start] = k
        self.previous_verb = -1
        self.starts = [t.start for t in tokens]
        self.speakers = [m for m in self.mentions if not (m.type == "PERSON" and self.names_institution(m))]
        self.opened_by = {
            self.by_start[r.close]: self.by_start[r.open]
            for r in self.regions.values()
            if r.close in self.by_start and r.open in self.by_start
        }

    # --- token predicates -------------------------------------------------------------
    def says_after(self, k: int) -> bool:
        """Tell whether "القول" at ``k`` follows على/إلى and opens speech with a colon ("على القول:")."""
        tokens = self.tokens
        return 0 < k < len(tokens) - 1 and tokens[k - 1].norm in ("علي", "الي") and tokens[k + 1].text == ":"

    def is_end(self, k: int) -> bool:
        """Tell whether token ``k`` ends a sentence (a final mark before a space, a letter or the end)."""
        tok = self.tokens[k]
        if tok.text not in _ENDS:
            return False
        after = self.text[tok.end : tok.end + 1]
        if tok.text == "." and k > 0 and len(self.tokens[k - 1].text) == 1 and self.tokens[k - 1].is_word:
            return False  # "د." and initials
        if tok.text == "." and self.double_dot(k):
            return False  # "كافة.. مشيرا": two dots pause a sentence, they do not end it
        return after == "" or after.isspace() or after.isalpha()

    def double_dot(self, k: int) -> bool:
        """Tell whether the dot at ``k`` closes exactly two adjacent dots ("..")."""
        tokens = self.tokens
        if k < 1 or tokens[k - 1].text != "." or tokens[k - 1].end != tokens[k].start:
            return False
        return k < 2 or tokens[k - 2].text != "." or tokens[k - 2].end != tokens[k - 1].start

    def breaks_line(self, k: int) -> bool:
        """Tell whether a line break separates token ``k`` from the one before it."""
        return k > 0 and "\n" in self.text[self.tokens[k - 1].end : self.tokens[k].start]

    def is_complementizer(self, k: int) -> bool:
        """Tell whether token ``k`` is إن/أن/بأن... introducing reported content."""
        tok = self.tokens[k]
        if not tok.is_word or tok.norm not in self.lex.complementizers:
            return False
        if tok.text.startswith("إ") and k + 1 < len(self.tokens) and self.tokens[k + 1].norm in _CONDITIONAL:
            return False  # "إن هم قاموا", "إن كان": conditional, not reported speech
        return k == 0 or self.tokens[k - 1].norm not in self.lex.non_speech_before_complementizer

    def speech_verb(self, k: int) -> SpeechVerb | None:
        """Return the reporting verb at token ``k``, if it is one in this position."""
        verb = self.verb_at.get(k)
        if verb is None or (verb.strict and not self.opens_content_soon(k, verb) and not self.leads(k)):
            return None
        return verb

    def leads(self, k: int) -> bool:
        """Tell whether a conjoined word opens its sentence ("وبين" there is the verb, not "between")."""
        tok = self.tokens[k]
        return tok.norm[:1] in "وف" and (k == 0 or self.is_end(k - 1) or self.breaks_line(k))

    def continues_after_comma(self, k: int, verb: SpeechVerb) -> bool:
        """Tell whether a continuing verb is followed by a comma and then its words ("وتابع، نحن ...")."""
        return (
            verb.continues
            and k + 2 < len(self.tokens)
            and self.tokens[k + 1].text in _SEPARATORS
            and self.tokens[k + 2].is_word
        )

    def opens_content_soon(self, k: int, verb: SpeechVerb) -> bool:
        """Tell whether a complementizer, colon or quote follows within a couple of tokens."""
        if self.continues_after_comma(k, verb):
            return True
        words = 0
        for j in range(k + 1, min(len(self.tokens), k + 6)):
            tok = self.tokens[j]
            if self.is_complementizer(j) or tok.text == ":" or tok.start in self.regions:
                return True
            if tok.is_word:
                words += 1
                if words > _MAX_STRICT:
                    return False
        return False

    def quoted_at(self, k: int) -> QuotedRegion | None:
        """Return the quoted region opened by token ``k``."""
        tok = self.tokens[k]
        return self.regions.get(tok.start) if tok.text in OPENERS or tok.text in REVERSED_OPENERS else None

    def after_region(self, region: QuotedRegion) -> int:
        """Return the index of the first token after a quoted region's closing mark."""
        k = self.by_start.get(region.close, len(self.tokens) - 1)
        return k + 1

    def word_count(self, region: QuotedRegion) -> int:
        """Count the words inside a quoted region."""
        return len(self.text[region.start : region.end].split())

    # --- reading a verb ---------------------------------------------------------------
    def attach(self, v: int, verb: SpeechVerb) -> _Attachment | None:
        """Read forward from the verb at ``v`` to the start of its content."""
        region: list[int] = []
        words = 0
        limit = _MAX_STRICT if verb.strict and not self.leads(v) else _MAX_SUBJECT
        n = len(self.tokens)
        if self.continues_after_comma(v, verb) and not self.is_complementizer(v + 2):
            return _Attachment("colon", (), v + 1)
        j = v + 1
        if j < n and self.tokens[j].norm in self.lex.objects:
            j += 1
        while j < n:
            tok = self.tokens[j]
            if self.breaks_line(j) or self.is_end(j):
                return None
            if tok.is_word and tok.norm in self.lex.joiners:
                j += 1
                continue
            if self.is_complementizer(j):
                if verb.lemma == "دعا":
                    return None  # "داعيا للفقيد ... وأن يلهم": a prayer; a call reads "دعا إلى أن"
                return _Attachment("clause", tuple(region), j)
            prep = tok.is_word and (tok.norm in verb.preps or tok.norm in _GENERAL_PREPS)
            if prep and j + 1 < n and self.is_complementizer(j + 1):
                return _Attachment("clause", tuple(region), j + 1)
            partitive = tok.norm == "من" and j > v + 1 and self.tokens[j - 1].norm in _QUANTIFIERS  # "عدد من"
            if prep and tok.norm in verb.preps and tok.norm != verb.source_prep and not partitive:
                return None  # "أكد على أهمية ...", "أشار إلى خمسة جرحى": a noun phrase, not speech
            if tok.text == ":":
                return _Attachment("colon", tuple(region), j)
            if tok.text in _SEPARATORS and j + 1 < n and self.tokens[j + 1].norm in _CLAUSE_OPENERS:
                return None  # "ادعت النصر، ثم ...": a new clause, the verb took an object
            quoted = self.quoted_at(j)
            if quoted is not None:
                prev = self.tokens[j - 1]
                short = self.word_count(quoted) <= _MIN_NAME_WORDS
                right_after = j - 1 == v or prev.norm in self.lex.joiners
                cued = (
                    prev.text == ":"
                    or self.is_complementizer(j - 1)
                    or (right_after and self.ends_after(quoted))
                )
                if not short or cued:
                    return _Attachment("mark", tuple(region), j, quoted)
                stop = self.after_region(quoted)
                region.extend(range(j, stop))
                j = stop
                continue
            if tok.text == "(" and words <= 2 and j + 1 < n and verb.lemma == "قال":
                paren = find_parenthesis(self.text, tok.start)
                if paren is not None and len(self.text[paren.start : paren.end].split()) >= _MIN_NAME_WORDS:
                    return _Attachment("mark", tuple(region), j, paren)
            if tok.is_word and self.speech_verb(j) is not None:
                if j == v + 1 and self.lex.verb(tok.norm) is not None and not region:
                    j += 1  # "وتابع يقول إن", "ومضى يقول": the second verb joins the first
                    continue
                return None
            region.append(j)
            if tok.is_word:
                words += 1
                if words > limit:
                    return None
            j += 1
        return None

    def clause_end(self, k: int, spoken: bool = False) -> tuple[int, int, QuotedRegion | None]:
        """Find where indirect content from token ``k`` ends: (end offset, next token, quoted sequel).

        ``spoken`` says the content is speech given after a colon without marks: a report nested in
        it ("..., وتقول إن ...") stays inside.
        """
        n = len(self.tokens)
        last = k
        j = k
        while j < n:
            tok = self.tokens[j]
            if j > k and (self.breaks_line(j) or self.is_end(j)):
                break
            if tok.text in _SEPARATORS and j + 1 < n:
                nxt = self.tokens[j + 1]
                sequel = self.quoted_at(j + 1)
                if sequel is None and nxt.norm == "و" and j + 2 < n:
                    sequel = self.quoted_at(j + 2)
                if sequel is not None and self.word_count(sequel) > _MIN_NAME_WORDS:
                    return self.tokens[last].end, j, sequel
                nested = spoken and self.reports_within(j + 1)
                if (
                    self.speech_verb(j + 1) is not None and not nested
                ) or nxt.norm in self.lex.attribution_stops:
                    break
            quoted = self.quoted_at(j)
            if quoted is not None and j > k:
                inner = self.text[quoted.open : quoted.close]
                if "\n" in inner or len(inner) > _MAX_EMBEDDED:
                    break  # a quotation running into later paragraphs is not part of this clause
                stop = self.after_region(quoted)
                last = stop - 1
                j = stop
                continue
            if (
                j > k
                and tok.is_word
                and self.introduces_speech(j)
                and not (spoken and self.reports_within(j))
            ):
                break  # "... قائلا: «...»": a new quotation starts
            if tok.is_word or tok.text in '%)»”"':
                last = j
            j += 1
        return self.tokens[last].end, j, None

    def reports_within(self, j: int) -> bool:
        """Tell whether a present-tense verb with no subject reports someone inside a speech ("وتقول إن")."""
        verb = self.speech_verb(j)
        if verb is None or verb.continues or j + 1 >= len(self.tokens):
            return False
        norm = self.tokens[j].norm
        bare = norm[1:] if norm[:1] in "وف" and len(norm) > 3 else norm
        return bare[:1] in "يت" and (self.tokens[j + 1].text == ":" or self.is_complementizer(j + 1))

    def introduces_speech(self, j: int) -> bool:
        """Tell whether a reporting verb at ``j`` is followed at once by a colon or a quotation."""
        verb = self.speech_verb(j)
        if verb is None or j + 1 >= len(self.tokens):
            return False
        nxt = self.tokens[j + 1]
        if self.lex.is_participle(self.tokens[j].norm) and self.opens_content_soon(j, verb):
            return True  # "... الحوادث الثلاث مشيرا إلى أن ...": a participle opens a new quote, comma or not
        return nxt.text == ":" or self.quoted_at(j + 1) is not None

    # --- speakers --------------------------------------------------------------------
    def speaker_from(self, idx: Sequence[int], fallback: Speaker | None = None) -> Speaker | None:
        """Turn subject tokens into a speaker span, snapping to an entity mention inside them."""
        if not idx:
            return fallback
        start, end = self.tokens[idx[0]].start, self.tokens[idx[-1]].end
        mention = mention_in(start, end, self.mentions, self.names_institution)
        if mention is not None:
            return Speaker(mention.start, mention.end, mention.text)
        return Speaker(start, end, self.text[start:end])

    def names_institution(self, mention: Mention) -> bool:
        """Tell whether a person mention names an institution ("مركز الملك سلمان", "لجامعة الأمير سطام")."""
        k = bisect_left(self.starts, mention.start)
        for j in range(k - 1, max(-1, k - 3), -1):
            bare = self.tokens[j].norm.removeprefix("و")
            if not self.tokens[j].is_word:
                return False
            if bare.removeprefix("ال") in self.lex.org_nouns or (
                bare[:1] in "بل" and bare[1:].removeprefix("ال") in self.lex.org_nouns
            ):
                return True
        return False

    def sentence_start(self, k: int) -> int:
        """Return the index of the first token of the sentence holding token ``k``."""
        j = k
        while j > 0 and not self.is_end(j - 1) and not self.breaks_line(j):
            j = self.opened_by.get(j - 1, j - 1)
        return j

    def implicit_speaker(self, v: int, previous: Speaker | None) -> Speaker | None:
        """Resolve a verb with no subject after it: the subject before it, its sentence's, or the last one."""
        tokens = self.tokens
        start = self.sentence_start(v)
        if self.describes_noun(v, start):  # "نافذة تفيد بأن", "رسالة تقول إن": the noun speaks
            return self.speaker_from([v - 1])
        if self.delivered_in(v, start):  # "ألقى X كلمة أكد فيها أن"
            mention = nearest_mention_before(tokens[v - 1].start, tokens[start].start, self.speakers)
            if mention is not None:
                return Speaker(mention.start, mention.end, mention.text)
        if v > 0 and tokens[v - 1].norm in _RELATIVES:
            found = self.speaker_from(backward_subject(range(start, v - 1), tokens, self.lex))
            if found is not None:
                return found
        first = self.first_word(start, v)
        if first is not None and tokens[first].norm in _KANA and first + 1 < v:
            found = self.speaker_from(subject_tokens(range(first + 1, v), tokens, self.lex))
            if found is not None:
                return found
        if self.pronoun_cue_before(v, start) and self.mentions:
            mention = nearest_mention_before(tokens[v].start, 0, self.speakers)
            if mention is not None:
                return Speaker(mention.start, mention.end, mention.text)
        if previous is not None and self.previous_verb >= start:
            return previous
        if first is not None and first < v:
            before = tokens[v - 1]
            finite = tokens[v].norm[:1] not in "وف" and not self.lex.is_participle(tokens[v].norm)
            if finite and before.is_word and before.norm.startswith("ال"):
                found = self.speaker_from(backward_subject(range(first, v), tokens, self.lex))
                if found is not None:
                    return found
            if previous is not None and self.takes_object_first(first):
                return previous  # "وأشار لوجود ...، لافتا إلى أن": no subject, the last speaker goes on
            found = self.sentence_subject(first, v)
            if found is not None:
                return found
        if previous is not None:
            return self.title_since(start, previous) or self.named_since(start) or previous
        if any(tokens[k].norm in _PRONOUN_TITLES for k in range(start, v)):
            found = self.titled_antecedent(v, None)  # "في اتصال أجراه سموه ... وقال إن"
            if found is not None:
                return found
        mention = nearest_mention_before(tokens[v].start, 0, self.speakers)
        if mention is not None and mention.start >= tokens[start].start:
            return Speaker(mention.start, mention.end, mention.text)  # a name in this sentence
        earlier_subject = self.earlier_subject(start)
        if earlier_subject is not None and self.is_named(earlier_subject):
            return earlier_subject  # the last sentence's named subject, before a later passing name
        if mention is not None:
            return Speaker(mention.start, mention.end, mention.text)
        return earlier_subject

    def describes_noun(self, v: int, start: int) -> bool:
        """Tell whether a present-tense verb qualifies the indefinite noun before it ("إشعار يفيد بأن")."""
        if v <= start:
            return False
        verb, noun = self.tokens[v], self.tokens[v - 1]
        return (
            verb.norm[:1] in "يت"
            and noun.is_word
            and not noun.norm.startswith(("ال", "وال"))
            and not noun.proclitics
            and noun.norm not in _NOT_NOUN
            and noun.norm not in self.lex.time_words
            and not self.is_complementizer(v - 1)
            and v - 1 not in self.verb_at
        )

    def title_since(self, start: int, previous: Speaker) -> Speaker | None:
        """Return the bare title naming the last speaker in the sentence before ("وتحدث الرئيس ...")."""
        if start <= 0:
            return None
        earlier = self.sentence_start(start - 1)
        if self.previous_verb >= earlier:
            return None  # the sentence before is the speaker's own
        first = self.first_word(earlier, start)
        if first is None or first + 1 >= start:
            return None
        title = self.tokens[first + 1]
        bare = title.norm.removeprefix("و")
        if not (bare.startswith("ال") and is_role(title, self.lex)):
            return None
        nxt = self.tokens[first + 2] if first + 2 < start else None
        if (
            nxt is not None
            and nxt.is_word
            and (
                mention_in(nxt.start, nxt.end, self.speakers) is not None
                or nxt.norm in normalise(previous.text).split()  # "المهندس العمري": the speaker's surname
                or not (nxt.norm.startswith("ال") or nxt.norm[:1] in "بلفك" or nxt.norm in _GENERAL_PREPS)
            )
        ):
            return None  # a title before a name ("المهندس حابس"): the name is the subject
        if not self.titled_before(bare, previous):
            return None
        return Speaker(title.start, title.end, title.text)

    def named_since(self, start: int) -> Speaker | None:
        """Return the person a verb-first sentence just before names as subject ("وعبر X عن سعادته")."""
        if start <= 0:
            return None
        earlier = self.sentence_start(start - 1)
        if self.previous_verb >= earlier:
            return None  # the sentence before is the speaker's own
        first = self.first_word(earlier, start)
        if first is None or first + 1 >= start or self.tokens[first].norm[:1] not in "وف":
            return None
        nxt = self.tokens[first + 1]
        for m in self.speakers:
            if m.type == "PERSON" and m.start == nxt.start:
                return Speaker(m.start, m.end, m.text)
        return None

    def titled_before(self, title: str, previous: Speaker) -> bool:
        """Tell whether the last speaker was introduced with this title ("الرئيس ... باراك أوباما")."""
        last = self.text[previous.start : previous.end].split()[-1:]
        for mention in self.speakers:
            if mention.start > previous.start or mention.text.split()[-1:] != last:
                continue
            k = bisect_left(self.starts, mention.start)
            if any(self.tokens[j].norm.removeprefix("و") == title for j in range(max(0, k - 4), k)):
                return True
        return False

    def delivered_in(self, v: int, start: int) -> bool:
        """Tell whether a verb reports what a speech act said ("كلمة أكد فيها"، "بيانا قال فيه")."""
        tokens = self.tokens
        return (
            start < v < len(tokens) - 1
            and tokens[v - 1].norm in self.lex.speech_nouns
            and tokens[v + 1].norm in _SPEECH_PLACE
        )

    def earlier_subject(self, start: int) -> Speaker | None:
        """Read the subject of the sentence before the one starting at token ``start``."""
        if start <= 0:
            return None
        earlier = self.sentence_start(start - 1)
        first = self.first_word(earlier, start)
        return self.sentence_subject(first, start) if first is not None else None

    def is_named(self, speaker: Speaker) -> bool:
        """Tell whether a speaker span is a PERSON or ORGANIZATION mention."""
        return any(m.start == speaker.start and m.end == speaker.end for m in self.speakers)

    def takes_object_first(self, first: int) -> bool:
        """Tell whether a sentence opens with a reporting verb followed at once by a prepositional object."""
        if first not in self.verb_at or first + 1 >= len(self.tokens):
            return False
        nxt = self.tokens[first + 1]
        norm = nxt.norm
        if not nxt.is_word or mention_in(nxt.start, nxt.end, self.mentions) is not None:
            return False
        if _is_title(norm, self.lex) or norm.removeprefix("ال") in self.lex.org_nouns:
            return False
        return norm[:1] in ("ل", "ب") and len(norm) >= 4 and not norm.startswith("لل")

    def sentence_subject(self, first: int, stop: int) -> Speaker | None:
        """Read the subject right after a sentence's first word (its verb in VSO order)."""
        if self.tokens[first].norm in _MODAL and first + 1 < stop:
            first += 1  # "وقد جدد X ..., وقال": the verb follows the particle
        after = first + 1
        if after < stop and self.tokens[after].text in OPENERS:
            after += 1
        if after >= stop or not self.tokens[after].is_word or self.tokens[after].norm in _PARTICLES:
            return None
        window = range(after, min(stop, after + _MAX_SUBJECT))
        if is_role(self.tokens[after], self.lex):
            named = self.apposed_person(window)
            if named is not None:
                return named
        return self.speaker_from(subject_tokens(window, self.tokens, self.lex, closed=False))

    def apposed_person(self, window: range) -> Speaker | None:
        """Read the person named in apposition to a title ("رئيس المجلس، الجمهوري X"), if any."""
        commas = [j for j in window if self.tokens[j].text in _SEPARATORS]
        if not commas:
            return None
        head = [j for j in range(commas[0] + 1, window.stop) if self.tokens[j].is_word][:2]
        for j in head:
            tok = self.tokens[j]
            for m in self.speakers:
                if m.type == "PERSON" and m.start <= tok.start < m.end:
                    return Speaker(m.start, m.end, m.text)
        return None

    def titled_antecedent(self, v: int, previous: Speaker | None) -> Speaker | None:
        """Resolve "سموه"/"معاليه": a person mention, the last speaker, the article's titled subject."""
        tokens = self.tokens
        people = [m for m in self.mentions if m.type == "PERSON" and m.end <= tokens[v].start]
        subjects = [m for m in people if self.opens_sentence(m)]
        if subjects:
            return Speaker(subjects[-1].start, subjects[-1].end, subjects[-1].text)
        if previous is not None:
            return previous
        if people:
            return Speaker(people[-1].start, people[-1].end, people[-1].text)
        lead = self.titled_name(0, min(v, _MAX_SUBJECT * 2))
        if lead is not None:
            return lead
        for k in range(v - 1, max(-1, v - _MAX_ANTECEDENT), -1):
            found = self.titled_name(k, v)
            if found is not None:
                return found
        return None

    def opens_sentence(self, mention: Mention) -> bool:
        """Tell whether a person mention is its sentence's subject: within a title phrase of its start."""
        k = bisect_left(self.starts, mention.start)
        if k >= len(self.tokens):
            return False
        start = self.sentence_start(k)
        between = [j for j in range(start, k) if self.tokens[j].is_word]
        return 0 < len(between) <= _MAX_NAME_WINDOW and all(
            is_role(self.tokens[j], self.lex) or j == between[0] for j in between
        )

    def titled_name(self, k: int, stop: int) -> Speaker | None:
        """Read the name after the first title at or after token ``k`` (before ``stop``), if any."""
        tokens = self.tokens
        for j in range(k, stop):
            if tokens[j].is_word and tokens[j].norm in self.lex.honorifics:
                window = range(j, min(stop, j + _MAX_NAME_WINDOW))
                named = self.speaker_from(subject_tokens(window, tokens, self.lex, closed=False))
                if named is not None and named.start > tokens[j].start:
                    return named
            if j > k and k > 0:
                break  # from a given position, only a title right there counts
        return None

    def first_word(self, start: int, v: int) -> int | None:
        """Return the sentence's first word after a dateline ("سبق- جدة:") or a pronoun cue, or None."""
        start = self.after_dateline(start, v)
        words = [
            k for k in range(start, v + 1) if self.tokens[k].is_word and self.tokens[k].norm not in ("و", "ف")
        ]
        norms = [self.tokens[k].norm for k in words]
        for cue in self.lex.pronoun_cues:
            if tuple(norms[: len(cue)]) == cue:
                words = words[len(cue) :]
                break
        if words and self.tokens[words[0]].norm.removeprefix("و") in _FRONTED:
            # "وعن أسباب ...، قالت": the fronted phrase is not the subject; the clause opens after its comma
            head = words[: _MAX_FRONTED + 1]
            comma = next((j for j in range(words[0], head[-1]) if self.tokens[j].text in _SEPARATORS), None)
            if comma is not None:
                words = [k for k in words if k > comma]
            elif self.fronted_to_verb(words, v):
                words = [v]  # "وعن رحيل X عن الفريق قال:": no comma, the verb opens the clause
        return words[0] if words else None

    def fronted_to_verb(self, words: list[int], v: int) -> bool:
        """Tell whether a short fronted phrase runs straight into the finite verb at ``v``."""
        if v not in self.verb_at or self.lex.is_participle(self.tokens[v].norm) or words[-1] != v:
            return False
        between = words[1:-1]
        return len(between) <= _MAX_FRONTED + 2 and not any(
            self.tokens[k].norm.removeprefix("و") in _RELATIVES or k in self.verb_at for k in between
        )

    def after_dateline(self, start: int, v: int) -> int:
        """Skip a dateline opening a sentence ("سبق- جدة:", "الرياض - واس:"); return where the text starts."""
        dashed = False
        for k in range(start, min(v, start + _MAX_DATELINE)):
            tok = self.tokens[k]
            if tok.text in "-–—":
                dashed = True
            elif tok.text == ":":
                return k + 1 if dashed else start
            elif not tok.is_word:
                return start
        return start

    def pronoun_cue_before(self, v: int, start: int) -> bool:
        """Tell whether "من جانبه" or "بدوره" stands between the sentence start and the verb."""
        norms = tuple(t.norm for t in self.tokens[max(start, v - 6) : v] if t.is_word)
        for cue in self.lex.pronoun_cues:
            size = len(cue)
            if any(norms[i : i + size] == cue for i in range(len(norms) - size + 1)):
                return True
        return False

    def source_region(self, verb: SpeechVerb, region: tuple[int, ...]) -> tuple[int, ...] | None:
        """For "نقل عن X" / "جاء في X", keep the words after the preposition (None for "فيه")."""
        if verb.source_prep is None:
            return region
        for pos, k in enumerate(region):
            norm = self.tokens[k].norm
            if norm == verb.source_prep:
                return region[pos + 1 :]
            if norm.startswith(verb.source_prep) and len(norm) <= len(verb.source_prep) + 2:
                return ()  # "فيه", "عنه": a pronoun, the speaker is elsewhere
        return None

    # --- the article -------------------------------------------------------------------
    def quotes(self) -> list[QuoteMention]:
        """Scan the article once and return its quotations in text order."""
        out: list[QuoteMention] = []
        previous: Speaker | None = None
        candidates = sorted(self.verb_at)
        at = 0
        k = 0
        while at < len(candidates):
            if candidates[at] < k:
                at += 1
                continue
            k = candidates[at]
            verb = self.speech_verb(k)
            floor = out[-1].end if out else 0
            if verb is None or (self.is_impersonal(k) and not self.has_subject(k)) or self.in_dateline(k):
                aside = self.embedded(k, floor) if verb is None else None  # "ــ كما يبين X ــ"
                if aside is not None:
                    out.append(aside)
                    previous = Speaker(
                        aside.speaker_start or 0, aside.speaker_end or 0, aside.speaker_text or ""
                    )
                k += 1
                continue
            found = self.attach(k, verb)
            if found is None:
                before = self.postposed(k, floor, previous) or self.embedded(k, floor)
                if before is not None:
                    out.append(before)
                    previous = Speaker(
                        before.speaker_start or 0, before.speaker_end or 0, before.speaker_text or ""
                    )
                    self.previous_verb = k
                elif (
                    self.tokens[k - 1].norm not in _ATTRIBUTION_CUES
                ):  # "حسبما نقلت وكالة": a relay, not a topic
                    previous = self.unquoted_subject(k) or previous
                k += 1
                continue
            made = self.build(k, verb, found, previous)
            if made is None:
                k += 1
                continue
            made_quotes, speaker, resume = made
            out.extend(made_quotes)
            previous = speaker or previous
            self.previous_verb = k
            k = max(resume, k + 1)
        return out

    def postposed(self, v: int, floor: int, previous: Speaker | None) -> QuoteMention | None:
        """Read a quotation placed before its verb: «...»، قال الوزير."""
        tokens = self.tokens
        if v < 2 or tokens[v - 1].text not in _SEPARATORS or self.lex.is_participle(tokens[v].norm):
            return None
        opener = self.opened_by.get(v - 2)
        if opener is None:
            return None
        quoted = self.regions.get(tokens[opener].start)
        if quoted is None or quoted.start < floor or self.word_count(quoted) <= _MIN_NAME_WORDS:
            return None
        region: list[int] = []
        for j in range(v + 1, min(len(tokens), v + 1 + _MAX_SUBJECT)):
            if self.is_end(j) or self.breaks_line(j):
                break
            region.append(j)
        subject = subject_tokens(region, tokens, self.lex)
        speaker = self.speaker_from(subject) if subject else previous
        if speaker is None:
            return None
        return self.quote(quoted.start, quoted.end, "direct", tokens[v].text, speaker)

    def is_break(self, k: int) -> bool:
        """Tell whether token ``k`` is a comma or a dash bracketing an attribution."""
        tok = self.tokens[k]
        return tok.text in _SEPARATORS or tok.text in _DATELINE or (tok.is_word and tok.norm == "")

    def embedded(self, v: int, floor: int) -> QuoteMention | None:
        """Read a bracketed attribution ("ــ كما يبين X ــ", "، على ما أفادت X"): the sentence is quoted."""
        tokens = self.tokens
        cue = v - 1
        if cue < 1 or tokens[cue].norm not in _ATTRIBUTION_CUES:
            return None
        if tokens[cue].norm == "ما":
            if tokens[cue - 1].norm not in _ATTRIBUTION_PREPS:
                return None  # "ما بين": between
            cue -= 1
        if cue < 1 or not self.is_break(cue - 1) or self.lex.is_participle(tokens[v].norm):
            return None
        region: list[int] = []
        j = v + 1
        while j < len(tokens) and not (self.is_end(j) or self.breaks_line(j) or self.is_break(j)):
            region.append(j)
            j += 1
        if not region or len(region) > _MAX_NAME_WINDOW or tokens[region[0]].norm in _GENERAL_PREPS:
            return None
        if tokens[cue].norm == "كما" and not self.names_source(region[0]):
            return None  # "، كما أعلنت حالة الطوارئ": "also", with an object
        speaker = self.speaker_from(subject_tokens(region, tokens, self.lex))
        if speaker is None:
            return None
        first = self.sentence_start(cue)
        while first < cue and not tokens[first].is_word:
            first += 1
        if tokens[first].start < floor:
            return None  # the sentence is already quoted; "حسبما نقلت وكالة" names the relay
        if j >= len(tokens) or self.is_end(j) or self.breaks_line(j):
            last = cue - 2  # postposed: the clause before the attribution
        else:
            last = j
            while last + 1 < len(tokens) and not (self.is_end(last + 1) or self.breaks_line(last + 1)):
                last += 1
        while last > first and not tokens[last].is_word:
            last -= 1
        if last <= first:
            return None
        return self.quote(tokens[first].start, tokens[last].end, "indirect", tokens[v].text, speaker)

    def names_source(self, k: int) -> bool:
        """Tell whether token ``k`` opens a plausible source: a title, an institution or a named entity."""
        tok = self.tokens[k]
        bare = tok.norm.removeprefix("ال")
        return (
            is_role(tok, self.lex)
            or bare in self.lex.org_nouns
            or mention_in(tok.start, tok.end, self.mentions) is not None
        )

    def unquoted_subject(self, v: int) -> Speaker | None:
        """Read the named subject of a reporting verb whose object is not speech ("وأكد الأمير X أهمية")."""
        tokens = self.tokens
        if self.lex.is_participle(tokens[v].norm) or v + 1 >= len(tokens):
            return None
        first = v + 1
        if tokens[first].norm in self.lex.time_words and first + 2 < len(tokens):
            first += 2 if tokens[first + 1].text in _SEPARATORS else 1  # "واعترف بدوره، مدرب X بالخطأ"
        head = tokens[first]
        if not head.is_word or not (
            _is_title(head.norm, self.lex)
            or head.norm.removeprefix("ال") in self.lex.org_nouns  # "أعلنت إدارة التعليم عن حاجتها"
            or mention_in(head.start, head.end, self.mentions)
        ):
            return None
        window = range(first, min(len(tokens), first + _MAX_NAME_WINDOW))
        return self.speaker_from(subject_tokens(window, tokens, self.lex))

    def in_dateline(self, k: int) -> bool:
        """Tell whether a participle is a dateline word ("سبق- متابعة:"), not a reporting verb."""
        return k > 0 and self.tokens[k - 1].text in _DATELINE and self.lex.is_participle(self.tokens[k].norm)

    def is_impersonal(self, k: int) -> bool:
        """Tell whether the verb is an impersonal passive ("يذكر أن", "ويتوقع أن")."""
        norm = self.tokens[k].norm
        return norm in self.lex.impersonal or (norm[:1] in "وف" and norm[1:] in self.lex.impersonal)

    def has_subject(self, k: int) -> bool:
        """Tell whether a word follows the verb before its complementizer."""
        return k + 1 < len(self.tokens) and not self.is_complementizer(k + 1)

    def build(
        self, v: int, verb: SpeechVerb, found: _Attachment, previous: Speaker | None
    ) -> tuple[list[QuoteMention], Speaker | None, int] | None:
        """Make the quote a verb introduces, or None when its content is not speech."""
        tokens = self.tokens
        quoted = found.quoted
        content = found.at + 1
        if found.how in ("clause", "colon") and content < len(tokens):
            if found.how == "colon" and self.is_complementizer(content):
                content += 1
            if content < len(tokens):
                quoted = self.quoted_at(content) or quoted
                if quoted is not None and not self.closes_clause(quoted):
                    quoted = None
        region = self.source_region(verb, self.relayed(found.region))
        if region is None or self.addresses_god(region):
            return None
        sequel: QuotedRegion | None = None
        if quoted is not None:
            if quoted.end <= quoted.start:
                return None
            start, end, resume, kind = quoted.start, quoted.end, self.after_region(quoted), "direct"
        else:
            if verb.direct_only or content >= len(tokens):
                return None
            if tokens[content].text in OPENERS and content + 1 < len(tokens):
                content += 1  # an opening mark that never closes
            end, resume, sequel = self.clause_end(content, spoken=found.how == "colon")
            start, kind = tokens[content].start, "indirect"
            if end <= start:
                return None
        subject = subject_tokens(region, tokens, self.lex)
        if verb.needs_subject and not subject:
            return None  # "فقد وجدوا أن": a perception, not a report
        if len(subject) == 1 and tokens[subject[0]].norm in _PRONOUN_TITLES:
            speaker = self.titled_antecedent(v, previous) or self.implicit_speaker(v, previous)
        else:
            speaker = self.speaker_from(subject) if subject else self.implicit_speaker(v, previous)
        made = [self.quote(start, end, kind, tokens[v].text, speaker)]
        if sequel is not None:
            made.append(self.quote(sequel.start, sequel.end, "direct", tokens[v].text, speaker))
            resume = self.after_region(sequel)
        relay = found.region[: len(found.region) - len(self.relayed(found.region))]
        if relay:  # "ذكرت الصحيفة، نقلا عن مسؤولين ...": the paper, not its source, goes on ("وأضافت")
            speaker = self.speaker_from(subject_tokens(relay, tokens, self.lex)) or speaker
        return made, speaker, resume

    def relayed(self, region: tuple[int, ...]) -> tuple[int, ...]:
        """Keep the source a relay cites ("ذكرت الصحيفة، نقلا عن مسؤولين قولهم"): the words after عن."""
        norms = [self.tokens[k].norm for k in region]
        for pos in range(len(norms) - 1):
            if norms[pos] in ("نقلا", "ناقلا", "ناقله") and norms[pos + 1] == "عن":
                return region[pos + 2 :]
        return region

    def quote(self, start: int, end: int, kind: str, verb: str, speaker: Speaker | None) -> QuoteMention:
        """Build one quote value from its span, kind, verb and speaker."""
        return QuoteMention(
            start=start,
            end=end,
            text=self.text[start:end],
            kind=kind,
            verb=verb,
            speaker_start=speaker.start if speaker else None,
            speaker_end=speaker.end if speaker else None,
            speaker_text=speaker.text if speaker else None,
        )

    def addresses_god(self, region: Sequence[int]) -> bool:
        """Tell whether the verb's object is God ("داعيا الله أن ..."): a prayer, not a quote."""
        for pos, i in enumerate(region[:3]):
            prev = self.tokens[region[pos - 1]].norm if pos else ""
            if self.tokens[i].norm in self.lex.deity and prev != "عبد":
                return True
        return False

    def ends_after(self, quoted: QuotedRegion) -> bool:
        """Tell whether a sentence or line ends right after a quotation (a short quote, not a name)."""
        k = self.after_region(quoted)
        return k >= len(self.tokens) or self.is_end(k) or self.breaks_line(k)

    def closes_clause(self, quoted: QuotedRegion) -> bool:
        """Tell whether a quotation right after إن/أن is the whole content (then the quote is direct)."""
        k = self.after_region(quoted)
        if k >= len(self.tokens):
            return True
        nxt = self.tokens[k]
        if nxt.text == ":":
            return False
        return not nxt.is_word or self.speech_verb(k) is not None or self.breaks_line(k)


def extract_quotes(article: Article) -> tuple[QuoteMention, ...]:
    """Find the direct and indirect quotations of one article, each with its verb and speaker."""
    tokens = article.tokens or tokenize(article.text)
    return tuple(_Reader(article.text, tokens, article.mentions).quotes())


def _run(article: Article) -> Article:
    """Stage body: fill ``Article.quotes``."""
    return article.with_(quotes=extract_quotes(article))


QUOTE_STAGE = ArticleStage(
    name="quotes",
    run=_run,
    requires=frozenset({"sentences", "tokens", "mentions"}),
    assigns=frozenset({"quotes"}),
)
