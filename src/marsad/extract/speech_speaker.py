"""Find who speaks: the subject after a reporting verb, trimmed of titles, PPs and appositions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from marsad.document import Mention, Token
from marsad.extract.speech_lexicon import SpeechLexicon

_SEPARATORS = frozenset("،,؛;")
_SPEAKER_TYPES = ("PERSON", "ORGANIZATION")
_MAX_NAME = 5
_PRONOUN_PPS = {
    "فيه",
    "فيها",
    "فيهم",
    "عنه",
    "عنها",
    "عنهم",
    "له",
    "لها",
    "لهم",
    "منه",
    "منها",
    "به",
    "بها",
    "عليه",
}
_NOT_SUBJECT = frozenset(
    {
        "في",
        "الي",
        "علي",
        "عن",
        "من",
        "مع",
        "ب",
        "فيما",
        "بينما",
        "كما",
        "حيث",
        "اذ",
        "لكن",
        "ولكن",
        "بل",
        "ثم",
    }
    | {
        "ذلك",
        "هذا",
        "هذه",
        "تلك",
        "هذان",
        "هؤلاء",
        "هو",
        "هي",
        "هم",
        "انه",
        "انها",
        "ان",
        "قد",
        "لقد",
        "لا",
        "لم",
    }
    | _PRONOUN_PPS
)
_NAME_BREAKERS = frozenset({"باسم", "عن", "لدي", "لشوون", "بشان", "عام", "العام"})
_SPEECH_POSSESSIVES = frozenset(
    f"{noun}{suffix}"
    for noun in ("حديث", "كلام", "تصريح", "قول", "كلمت", "خطاب", "بيان", "تعليق")
    for suffix in ("ه", "ها")
)
_MARKS = frozenset('«»“”"')
_SOFT_CUTS = frozenset({"عن", "الي", "علي", "مع"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker mention: offsets into the article text and the words found there."""

    start: int
    end: int
    text: str


def _bare(token: Token) -> str:
    """Return a token's normal form without a leading conjunction (والد -> الد is not wanted)."""
    norm = token.norm
    if len(norm) > 3 and norm[0] == "و" and norm[1:3] == "ال":
        return norm[1:]
    return norm


def is_role(token: Token, lex: SpeechLexicon) -> bool:
    """Tell whether a token names a role or a title rather than a person."""
    bare = _bare(token)
    if bare in lex.roles or bare in lex.honorifics or bare in lex.title_modifiers:
        return True
    return bare.startswith("ال") and bare[2:] in lex.roles  # "الوكيل", "المستشار"


def _strip_leading(idx: list[int], tokens: Sequence[Token], lex: SpeechLexicon) -> list[int]:
    """Drop leading time words, pronoun cues and a media PP ("لـ«عكاظ»", "أمس") before the subject."""
    out = list(idx)
    while out:
        first = tokens[out[0]]
        if not first.is_word or _bare(first) in lex.time_words or first.norm in lex.complementizers:
            out.pop(0)
        elif first.norm in lex.media_prefixes and len(out) > 1 and not tokens[out[1]].is_word:
            out.pop(0)
            close = next((k for k in range(1, len(out)) if not tokens[out[k]].is_word and k > 1), 0)
            out = out[close + 1 :] if close else out[1:]
        else:
            break
    return out


def _segments(idx: list[int], tokens: Sequence[Token]) -> list[list[int]]:
    """Split the subject region at commas (the apposition boundaries)."""
    segments: list[list[int]] = [[]]
    for i in idx:
        if tokens[i].text in _SEPARATORS:
            segments.append([])
        else:
            segments[-1].append(i)
    return [s for s in segments if any(tokens[i].is_word for i in s)]


def _cut(seg: list[int], tokens: Sequence[Token], lex: SpeechLexicon, soft: bool) -> list[int]:
    """Cut a segment before the first PP, time word or relative clause that follows the subject."""
    head = _bare(tokens[seg[0]]) if seg else ""
    org = head.startswith("ال")  # "الهيئة العامة للطيران" keeps لل
    institution = _is_org_noun(head.removeprefix("ال"), lex)  # "جامعة الملك سعود" keeps its honorific
    for pos, i in enumerate(seg):
        if pos == 0:
            continue
        tok = tokens[i]
        bare = _bare(tok)
        nxt = _bare(tokens[seg[pos + 1]]) if pos + 1 < len(seg) else ""
        if (
            tok.norm in lex.media_prefixes
            or any(tok.norm.startswith(p) and len(p) > 2 for p in lex.media_prefixes)
            or tok.norm in lex.cut_words
            or tok.norm in lex.objects  # "وسلط التقرير الضوء على أن": the object after the subject
            or bare in lex.time_words
            or tok.norm in lex.role_suffix_cut
            or (tok.norm == "في" and (soft or nxt in lex.event_nouns))
            or (soft and not institution and is_role(tok, lex))
            or (soft and (tok.norm in _SOFT_CUTS or (tok.proclitics == "لل" and not org)))
            or (not tok.is_word and tok.text not in _MARKS and not _is_initial_dot(seg, pos, tokens))
        ):
            return seg[:pos]
    return seg


def _is_initial_dot(seg: list[int], pos: int, tokens: Sequence[Token]) -> bool:
    """Tell whether the token at ``pos`` is the dot of an initial or "د." rather than punctuation."""
    prev = tokens[seg[pos - 1]]
    return tokens[seg[pos]].text == "." and prev.is_word and len(prev.text) == 1


def _introduces_name(seg: list[int], pos: int, tokens: Sequence[Token], lex: SpeechLexicon) -> bool:
    """Tell whether the honorific at ``pos`` is followed by a name (not a PP: "الإعلامي لأمانة")."""
    if _bare(tokens[seg[pos]]) not in lex.honorifics or pos + 1 >= len(seg):
        return False
    nxt = tokens[seg[pos + 1]]
    if nxt.text == "." and pos + 2 < len(seg):
        nxt = tokens[seg[pos + 2]]
    return (
        nxt.is_word
        and nxt.norm not in _NOT_SUBJECT
        and not nxt.norm.startswith("ل")
        and not _is_org_noun(_bare(nxt), lex)
    )


def _is_surname(seg: list[int], pos: int, tokens: Sequence[Token], lex: SpeechLexicon) -> bool:
    """Tell whether a definite title word closes a name ("المهندس محمد المخرج": a surname, not a title)."""
    if not _bare(tokens[seg[pos]]).startswith("ال"):
        return False
    for start in range(pos - 1, -1, -1):  # back over the given names to the title that introduced them
        tok = tokens[seg[start]]
        if _introduces_name(seg, start, tokens, lex):
            return start < pos - 1
        plain = tok.is_word and len(tok.text) > 1 and not _bare(tok).startswith("ال")
        if not plain or is_role(tok, lex) or _is_org_noun(_bare(tok), lex) or tok.norm in _NOT_SUBJECT:
            return False
    return False


def _name_after_honorific(seg: list[int], tokens: Sequence[Token], lex: SpeechLexicon) -> list[int]:
    """Keep the personal name after the last honorific ("وزير الحج د. بندر ..." -> "بندر ...")."""
    last = -1
    for pos in range(len(seg)):
        if _introduces_name(seg, pos, tokens, lex) and not _is_surname(seg, pos, tokens, lex):
            last = pos
    if last < 0 or last == len(seg) - 1:
        return seg
    name: list[int] = []
    for pos in range(last + 1, len(seg)):
        i = seg[pos]
        tok = tokens[i]
        if not tok.is_word:
            if name:
                break
            continue
        role = is_role(tok, lex) and not _is_surname(seg, pos, tokens, lex)
        if name and (
            role or len(name) >= _MAX_NAME or _is_org_noun(_bare(tok), lex) or tok.norm in _NOT_SUBJECT
        ):
            break
        name.append(i)
    # "الكابتن البحري محمد ...", "الرئيس الأميركي باراك ...": drop adjectives before the given name
    while (
        len(name) > 1
        and _bare(tokens[name[0]]).startswith("ال")
        and not _bare(tokens[name[1]]).startswith("ال")
    ):
        name = name[1:]
    return name or seg


def subject_tokens(
    region: Sequence[int], tokens: Sequence[Token], lex: SpeechLexicon, closed: bool = True
) -> list[int]:
    """Pick the tokens that name the speaker inside the words between the verb and its content.

    ``closed`` says the region ends where the subject ends (before إن/أن or a colon), so a
    name closing a title phrase may be read from its end.
    """
    idx = _strip_leading(list(region), tokens, lex)
    segments = _segments(idx, tokens)
    if not segments:
        return []
    chosen = segments[0]
    head = tokens[chosen[0]]
    if (
        head.norm in _NOT_SUBJECT
        or head.norm in lex.cut_words
        or head.norm in lex.media_prefixes
        or head.norm in _SPEECH_POSSESSIVES  # "وواصل حديثه بالقول"
        or head.norm.startswith("لل")  # "وقال للحضور": the addressee, not the speaker
    ):
        return []
    second = segments[1] if len(segments) > 1 else []
    if second and is_role(tokens[chosen[0]], lex) and _introduces_name(second, 0, tokens, lex):
        chosen = second  # "المحلل المالي، دكتور نبيل حسان": the apposed title introduces the name
    elif (
        second
        and is_role(tokens[chosen[0]], lex)
        and not any(_introduces_name(chosen, pos, tokens, lex) for pos in range(len(chosen)))
        and not is_role(tokens[second[0]], lex)
        and tokens[second[0]].norm not in _NOT_SUBJECT
        and tokens[second[0]].norm not in lex.cut_words
        and tokens[second[0]].norm not in lex.objects  # "ولفت المسؤول، الانتباه إلى أن": the object
        and not _bare(tokens[second[0]]).startswith("ال")  # "وجدد الرئيس، التأكيد على": an object too
        and len(second) <= _MAX_NAME
    ):
        chosen = second
    title_first = is_role(tokens[chosen[0]], lex)
    chosen = _cut(chosen, tokens, lex, soft=not title_first)
    if title_first:
        named = _name_after_honorific(chosen, tokens, lex)
        if named is not chosen or not closed:
            return named
        chosen = _trailing_name(chosen, tokens, lex) or chosen
    return chosen


def _is_org_noun(bare: str, lex: SpeechLexicon) -> bool:
    """Tell whether a word is an institution noun, bare or after ب/ل ("بوزارة", "لشركة")."""
    return bare in lex.org_nouns or (bare[:1] in "بل" and bare[1:] in lex.org_nouns)


def _trailing_name(seg: list[int], tokens: Sequence[Token], lex: SpeechLexicon) -> list[int]:
    """Find a personal name closing a title phrase ("مدير المستشفى العام خالد سعيد الحربي" -> "خالد ...").

    The surname may carry ال; the words before it may not, nor may they be roles or carry a
    preposition. A lone ال-word ("المتحدث الأمني بوزارة الداخلية") is not a name.
    """
    name: list[int] = []
    for pos in range(len(seg) - 1, 0, -1):
        tok = tokens[seg[pos]]
        bare = _bare(tok)
        definite = bare.startswith("ال") or tok.proclitics != ""
        stop = tok.norm in _NOT_SUBJECT or tok.norm in lex.cut_words or tok.norm in _NAME_BREAKERS
        stop = stop or _is_org_noun(bare, lex)
        if not tok.is_word or stop or is_role(tok, lex) or (name and definite) or len(name) >= _MAX_NAME:
            break
        if not name and tok.proclitics not in ("", "ال"):
            break
        name.insert(0, seg[pos])
    if len(name) < 2 or name[0] == seg[0]:
        return []
    before = tokens[name[0] - 1]
    if not (
        _bare(before).startswith("ال") or before.proclitics or is_role(before, lex) or before.text in _MARKS
    ):
        return []  # the title phrase must end right before the name
    return name


def backward_subject(before: Sequence[int], tokens: Sequence[Token], lex: SpeechLexicon) -> list[int]:
    """Read the subject that precedes "الذي/التي + verb", scanning back to punctuation."""
    seg: list[int] = []
    for i in reversed(before):
        if not tokens[i].is_word or len(seg) >= 12:
            break
        seg.insert(0, i)
    if not seg:
        return []
    named = _name_after_honorific(seg, tokens, lex)
    if named is not seg:
        return named
    tail = seg[-3:]
    while len(tail) > 1 and is_role(tokens[tail[0]], lex):
        tail = tail[1:]
    return tail


def mention_in(
    start: int,
    end: int,
    mentions: Sequence[Mention],
    names_institution: Callable[[Mention], bool] | None = None,
) -> Mention | None:
    """Return the first PERSON mention overlapping ``[start, end)``, else an ORGANIZATION opening it.

    An organisation inside a title phrase ("وزير الخارجية ...") names the office, not the speaker;
    so does a person an institution is named after ("مركز الملك سلمان"), skipped when another follows.
    """
    people = [m for m in mentions if m.type == "PERSON" and m.start < end and start < m.end]
    if people and names_institution is not None:
        people = [m for m in people if not names_institution(m)] or people
    if people:
        return people[0]
    for mention in mentions:
        if mention.type == "ORGANIZATION" and mention.start <= start < mention.end:
            return mention
    return None


def nearest_mention_before(pos: int, floor: int, mentions: Sequence[Mention]) -> Mention | None:
    """Return the PERSON or ORGANIZATION mention closest before ``pos`` and not before ``floor``."""
    best: Mention | None = None
    for mention in mentions:
        inside = mention.type in _SPEAKER_TYPES and floor <= mention.start and mention.end <= pos
        if inside and (best is None or mention.start > best.start):
            best = mention
    return best
