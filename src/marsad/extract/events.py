"""Who did what to whom, and when: actor - action - target events, sentence by sentence.

A trigger is a finite verb of the action taxonomy (``data/actions.json``) or a light verb with an
action noun (قام باعتقال، شن هجوما، أعلن وقفا لإطلاق النار). The actor is the subject before the
verb (SVO, also through a relative pronoun) or after it (VSO), the quote's speaker for a
first-person verb or a "إنه ..." clause inside a quote, or the previous actor for a coordinated
verb without a subject. The target is the object or the object of a preposition the action
prefers. Negation comes from لا/لم/لن/ليس before the verb and from a denial (نفى أن ...) whose
clause contains the event. The date is the nearest dated expression of the sentence.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from marsad.document import Article, DateMention, EventMention, Mention, QuoteMention, Span, Token
from marsad.extract.event_args import (
    COMPLEMENTIZERS,
    HYPOTHETICALS,
    MODALS,
    NEGATIONS,
    NUMBER_WORDS,
    OPENERS,
    PARTICLES,
    PREPOSITIONS,
    PRONOUN_COMPLEMENTIZERS,
    QUOTE_OPEN,
    RELATIVES,
    SentenceView,
    clause_end,
    looks_accusative,
    looks_verbal,
    phrase_after,
    phrase_span,
    prev_is_title,
    resolve_title,
    spells_verb,
    subject_before,
    target_after,
)
from marsad.extract.event_lexicon import (
    Lexicon,
    VerbForm,
    has_object_suffix,
    load_lexicon,
    match_light,
    match_verb,
    noun_stems,
)
from marsad.pipeline import ArticleStage

_LIGHT_WINDOW = 12
_ACTOR_TYPES = frozenset({"PERSON", "ORGANIZATION"})
# Light verbs with no agent: "ألقي القبض" (unvocalised, but never active in news), "أسفر ... عن مقتل"
_PASSIVE_LIGHT = frozenset({"القي", "والقي", "اسفر", "واسفر", "اسفرت", "واسفرت", "يسفر", "تسفر"})
_PATIENT_ACTIONS = frozenset({"arrest", "kill", "attack", "abduct", "release"})
_AGENT_NOUNS = frozenset(
    "شرطه قوات قوه سلطات جيش امن مسلحون مسلحين تنظيم حركه جماعه عناصر جهات مجهولون متشددون "
    "متطرفون مليشيات ميليشيات مقاتلون مقاتلين حكومه دوريات طائرات طيران".split()
)
_DENIAL_WINDOW = 10


@dataclass(frozen=True, slots=True)
class FoundEvent:
    """An event plus what the report's EventMention has no field for: its trigger and quote speaker."""

    event: EventMention
    trigger_start: int
    trigger_end: int
    speaker_start: int | None = None
    speaker_end: int | None = None
    date_scope: str | None = None  # "sentence" or "paragraph": where the date was found


@dataclass(frozen=True, slots=True)
class _Trigger:
    """What a token triggers: an action, through a verb or a light verb and its noun."""

    action: str
    verb: VerbForm | None
    noun: tuple[int, int] | None = None
    noun_cut: int = 0
    noun_bare: bool = False
    passive: bool = False
    noun_before: bool = False


def group_by_sentence(sentences: Sequence[Span], items: Sequence[Token]) -> list[Sequence[Token]]:
    """Group tokens by the sentence that contains them (both sorted by offset)."""
    starts = [token.start for token in items]
    return [items[bisect_left(starts, span.start) : bisect_left(starts, span.end)] for span in sentences]


def _match_noun(
    view: SentenceView, q: int, allowed: frozenset[str] | None
) -> tuple[str, int, int, bool] | None:
    """Match an action noun at token ``q`` (with its following words): (action, last token, cut, bare)."""
    lexicon = view.lexicon
    norm = view.tokens[q].norm
    for stem, cut in noun_stems(norm):
        for action, rest in lexicon.nouns.get(stem, ()):
            if allowed is not None and action not in allowed:
                continue
            end = q
            ok = True
            for word in rest:
                end += 1
                if end >= len(view.tokens) or all(s != word for s, _ in noun_stems(view.tokens[end].norm)):
                    ok = False
                    break
            if ok:
                bare = (
                    not rest
                    and stem == norm[cut:]
                    and not view.tokens[q].proclitics
                    and not norm.endswith("ا")
                )
                return action, end, cut, bare
    return None


def _light_trigger(view: SentenceView, v: int, stop: int) -> _Trigger | None:
    """Find the action noun a light verb at ``v`` carries (قام ... باعتقال، تم وضع، شن هجوما)."""
    light = match_light(view.tokens[v].norm, view.lexicon)
    if light is None or (light.ambiguous and not _allowed_ambiguous(view, v)):
        return None
    if not light.passive and has_object_suffix(view.tokens[v].norm, view.lexicon):
        return _noun_before(view, v, light.actions)
    window = 2 if light.passive else _LIGHT_WINDOW
    q = v + 1
    prep = light.prep
    while q < min(stop, v + 1 + window):
        if not view.is_word(q):
            q += 1
            continue
        token = view.tokens[q]
        if (
            prep is not None
            and len(prep) == 1
            and token.norm.startswith(prep)
            and token.norm[1:] in view.lexicon.light
        ):
            prep = None
            q += 1
            continue
        if q > v + 1 and (match_light(token.norm, view.lexicon) is not None or view.norm(q) in OPENERS):
            return None
        if prep is not None:
            if len(prep) == 1:
                if not token.norm.startswith(prep):
                    q += 1
                    continue
            elif view.norm(q) == prep:
                q += 1
                continue
        found = _match_noun(view, q, light.actions)
        if found is not None:
            action, end, cut, bare = found
            return _Trigger(action, None, (q, end), cut, bare, light.passive)
        q += 1
    return None


def _noun_before(view: SentenceView, v: int, allowed: frozenset[str] | None) -> _Trigger | None:
    """Read "الهجمات التي نفذتها X" / "اتصال أجراه X": the pronoun on the light verb is the noun before it."""
    q = v - 1
    if q >= 0 and view.norm(q) in RELATIVES:
        q -= 1
    if q < 0 or not view.is_word(q):
        return None
    found = _match_noun(view, q, allowed)
    if found is None or found[1] != q:
        return None
    return _Trigger(found[0], None, (q, q), found[2], False, False, True)


def _allowed_ambiguous(view: SentenceView, v: int) -> bool:
    """Accept a verb that is also a noun (دعم، قتل) only where a verb can stand: after a clause opener."""
    p = v - 1
    if p < 0 or view.is_boundary(p) or not view.tokens[p].is_word:
        return True
    if view.tokens[v].norm[:1] in "وف" and len(view.tokens[v].norm) > 3:
        return False
    if view.mentions[p] is not None:
        return True
    prev = view.norm(p)
    if prev in PREPOSITIONS:
        return False
    return (
        prev in NEGATIONS
        or prev in PARTICLES
        or prev in COMPLEMENTIZERS
        or prev in RELATIVES
        or view.is_skippable(p)
        or view.tokens[p].norm.isdigit()
    )


def _trigger(view: SentenceView, v: int, stop: int) -> _Trigger | None:
    """Tell what action, if any, token ``v`` triggers."""
    found = _light_trigger(view, v, stop)
    if found is not None:
        return found
    verb = match_verb(view.tokens[v].norm, view.lexicon)
    if verb is None:
        return None
    if verb.ambiguous and not _allowed_ambiguous(view, v):
        return None
    if verb.no_clause and _introduces_speech(view, v, stop):
        return None
    return _Trigger(verb.action, verb)


def _introduces_speech(view: SentenceView, v: int, stop: int) -> bool:
    """Tell whether a verb is followed by a clause, a colon or a quotation (reported speech, not an act)."""
    if stop < len(view.tokens) and (view.norm(stop) in COMPLEMENTIZERS or view.tokens[stop].text == ":"):
        return True
    return any(view.tokens[k].text in QUOTE_OPEN for k in range(v + 1, stop))


def _is_hypothetical(view: SentenceView, v: int, verb: VerbForm | None) -> bool:
    """Tell whether the event is only possible or feared (يمكن أن تستهدف، قد يصدر، إذا رفض)."""
    for k in range(max(0, v - 4), v):
        norm = view.norm(k)
        if norm in HYPOTHETICALS:
            return True
        if norm in COMPLEMENTIZERS and k > 0 and view.norm(k - 1) in MODALS:
            return True
    k = v - 1
    while k >= 0 and view.is_word(k) and view.norm(k) in PARTICLES and view.norm(k) != "قد":
        k -= 1
    if k < 0 or view.norm(k) != "قد" or k + 1 >= len(view.tokens):
        return False
    after = view.tokens[k + 1].norm
    return (k + 1 == v and verb is not None and verb.present) or after[:1] in "يتن"


def _is_negated(view: SentenceView, v: int) -> bool:
    """Tell whether a negation particle stands right before the verb (قد، سوف، كان may intervene)."""
    k = v - 1
    while k >= 0 and view.is_word(k) and view.norm(k) in PARTICLES:
        k -= 1
    return k >= 0 and view.is_word(k) and view.norm(k) in NEGATIONS


def _opener_before(view: SentenceView, v: int) -> str | None:
    """Return the complementizer right before the verb (auxiliaries allowed), if there is one."""
    k = v - 1
    while k >= 0 and view.is_word(k) and view.norm(k) in PARTICLES:
        k -= 1
    if k >= 0 and view.norm(k) in COMPLEMENTIZERS:
        return view.norm(k)
    return None


def _quote_at(quotes: Sequence[QuoteMention], start: int) -> QuoteMention | None:
    """Return the quote whose span contains ``start``."""
    for quote in quotes:
        if quote.start <= start < quote.end:
            return quote
    return None


def _nearest_date(
    dates: Sequence[DateMention], sentence: Span, at: int, paragraph: Span | None = None
) -> DateMention | None:
    """Pick the sentence's dated expression nearest the trigger, else the paragraph's, else none."""
    for scope in (sentence, paragraph):
        if scope is None:
            continue
        inside = [d for d in dates if d.value and scope.start <= d.start and d.end <= scope.end]
        if inside:
            return min(inside, key=lambda d: min(abs(d.start - at), abs(d.end - at)))
    return None


def paragraph_of(text: str, sentence: Span) -> Span:
    """Return the paragraph (text between line breaks) that holds a sentence."""
    start = text.rfind("\n", 0, sentence.start) + 1
    end = text.find("\n", sentence.end)
    return Span(start, len(text) if end < 0 else end)


def _denial_clause(view: SentenceView, v: int, trigger: _Trigger) -> int | None:
    """Return the index of the complementizer that opens what a denial verb denies (نفى أن ...)."""
    if trigger.action != "deny" or trigger.verb is None:
        return None
    for k in range(v + 1, min(len(view.tokens), v + 1 + _DENIAL_WINDOW)):
        if view.is_boundary(k):
            return None
        if view.norm(k) in COMPLEMENTIZERS:
            return k
        token = view.tokens[k]
        if token.is_word and view.mentions[k] is None and token.norm[:1] in "وف" and not token.proclitics:
            return None
    return None


@dataclass
class _Paragraph:
    """The paragraph a sentence belongs to and the last actor named in it (for dropped subjects)."""

    span: Span
    actor: tuple[int, int] | None = None
    named: tuple[Mention, ...] = ()

    def antecedent(self, at: int) -> tuple[int, int] | None:
        """Return the nearest actor named before ``at`` in the paragraph: an event's actor or a name."""
        best = self.actor if self.actor is not None and self.actor[1] <= at else None
        for mention in self.named:
            if mention.end > at:
                break
            if best is None or mention.start > best[0]:
                best = (mention.start, mention.end)
        return best


def _opens_clause(view: SentenceView, v: int) -> bool:
    """Tell whether a verb opens its clause (first word, after و/ف, punctuation or a complementizer)."""
    if view.tokens[v].norm[:1] in "وف" or _opener_before(view, v) is not None:
        return True
    k = v - 1
    while k >= 0 and view.is_word(k) and view.norm(k) in PARTICLES:
        if view.tokens[k].norm[:1] in "وف":
            return True  # "وكان قد طالب"
        k -= 1
    return k < 0 or view.norm(k) in ("و", "ف") or view.is_boundary(k)


@dataclass
class _SentenceState:
    """What earlier events of the sentence lend later ones: the last actor and an open denial."""

    last_actor: tuple[int, int] | None = None
    denial_from: int | None = None
    denial_negated: bool = False


def _target(
    view: SentenceView, v: int, trigger: _Trigger, after: int, stop: int
) -> tuple[int, int, int] | None:
    """Find the target: the genitive right after a bare action noun, else the action's preferred slot."""
    prefs = view.lexicon.actions[trigger.action].target
    if trigger.verb is not None and trigger.verb.arrival:
        prefs = tuple(p for p in prefs if p != "object")
    if trigger.noun is not None:
        prefs = tuple(p for p in prefs if p != "object")
        if trigger.noun_before:
            found_target = target_after(view, after, stop, prefs)
            return found_target
        if (
            trigger.noun_bare
            and after < stop
            and view.can_head(after)
            and view.norm(after) not in PREPOSITIONS
        ):
            found = phrase_after(view, after, stop)
            if found is not None:
                return found[0], found[1], 0
    found_target = target_after(view, after, stop, prefs)
    if found_target is None or _not_a_target(view, found_target[0], found_target[2]):
        return None
    first, last = resolve_title(view, found_target[0], found_target[1])
    return first, last, found_target[2] if first == found_target[0] else 0


def _arguments(
    view: SentenceView, v: int, trigger: _Trigger, stop: int, coordinated: bool = False
) -> tuple[tuple[int, int] | None, tuple[int, int, int] | None, bool]:
    """Find the actor token range, the target (token range, letters to cut) and whether no agent can be."""
    after = v + 1 if trigger.noun is None or trigger.noun_before else trigger.noun[1] + 1
    if trigger.passive or (trigger.noun is not None and view.tokens[v].norm in _PASSIVE_LIGHT):
        return None, _target(view, v, trigger, after, stop), True
    if trigger.verb is not None and trigger.verb.passive:
        subject = subject_before(view, v) or phrase_after(view, v + 1, stop)
        return None, (subject[0], subject[1], 0) if subject is not None else None, True
    agent = _agent_after(view, v, stop)
    if agent is not None:
        subject = subject_before(view, v) or phrase_after(view, v + 1, agent[0] - 2)
        return agent, (subject[0], subject[1], 0) if subject is not None else None, False
    if _relative_object(view, v, trigger):
        antecedent = subject_before(view, v)
        found = phrase_after(view, v + 1, stop)
        actor = resolve_title(view, found[0], found[1]) if found is not None else None
        return actor, (antecedent[0], antecedent[1], 0) if antecedent is not None else None, False
    actor = None if trigger.noun_before else subject_before(view, v)
    if actor is not None and _passive_after_subject(view, v, trigger, actor):
        return None, (actor[0], actor[1], 0), True  # "وكان X قتل في معارك": X was killed
    dropped = trigger.verb is not None and (trigger.verb.plural or trigger.verb.first_person)
    if actor is None and (coordinated or _opener_before(view, v) in PRONOUN_COMPLEMENTIZERS):
        dropped = True
    if actor is None and not dropped:
        after_noun = trigger.noun is None or trigger.noun_before
        limit = stop if after_noun or trigger.noun is None else trigger.noun[0]
        found = phrase_after(view, v + 1, limit)
        late = _subject_after_pp(view, v, limit) if found is None else None
        if late is not None:
            return resolve_title(view, late[0], late[1]), _target(view, v, trigger, after, stop), False
        if found is not None and not looks_accusative(view, found[0]) and not _prepositional(view, found[0]):
            if _reads_passive(view, trigger, found, stop):
                return None, (found[0], found[1], 0), True  # "واعتقل الصحفي": the patient
            actor = found
            if after_noun:
                after = found[1] + 1
    if actor is not None:
        actor = resolve_title(view, actor[0], actor[1])
        if (trigger.noun is None or trigger.noun_before) and actor[0] > v:
            after = max(after, actor[1] + 1)
    if trigger.noun is not None and not trigger.noun_before:
        between = _between(view, v, trigger, actor)
        if between is not None:
            return actor, between, False
    return actor, _target(view, v, trigger, after, stop), False


def _passive_after_subject(view: SentenceView, v: int, trigger: _Trigger, subject: tuple[int, int]) -> bool:
    """Tell whether a person or a count before an unvocalised verb done to people is its patient.

    "وكان الطفل علي قتل حرقا"، "خمسة أشخاص قتلوا في الهجوم": a PP or an adverb follows the verb at once
    and no agent noun stands before it.
    """
    if trigger.verb is None or trigger.noun is not None or trigger.action not in ("kill", "abduct", "arrest"):
        return False
    first = subject[0]
    people = (view.mentions[k] for k in range(first, subject[1] + 1))
    person = any(m is not None and m.type == "PERSON" for m in people)
    if not (person or _counted(view, first)) or view.norm(first).removeprefix("ال") in _AGENT_NOUNS:
        return False
    k = v + 1
    while k < len(view.tokens) and view.is_skippable(k):
        k += 1
    if k >= len(view.tokens) or not view.is_word(k):
        return True
    return view.norm(k) in PREPOSITIONS or (looks_accusative(view, k) and view.mentions[k] is None)


def _subject_after_pp(view: SentenceView, v: int, stop: int) -> tuple[int, int] | None:
    """Find a named subject placed after a PP that follows the verb ("وصل إلى تركيا رئيس النادي X")."""
    if v + 2 >= stop or view.norm(v + 1) not in PREPOSITIONS:
        return None
    pp = phrase_after(view, v + 2, stop)
    if pp is None:
        return None
    found = phrase_after(view, pp[1] + 1, stop)
    if found is None:
        return None
    mention = view.mentions[found[0]]
    named = mention is not None and mention.type in ("PERSON", "ORGANIZATION")
    return found if named or prev_is_title(view, found[0]) else None


def _between(
    view: SentenceView, v: int, trigger: _Trigger, actor: tuple[int, int] | None
) -> tuple[int, int, int] | None:
    """Find a target between the subject and the action noun ("حمّل الوزير الحكومة مسؤولية ...")."""
    assert trigger.noun is not None
    start = actor[1] + 1 if actor is not None and actor[0] > v else v + 1
    while start < trigger.noun[0] and view.tokens[start].norm[1:] in view.lexicon.light:
        start += 1
    if start >= trigger.noun[0]:
        return None
    prefs = ("object", *view.lexicon.actions[trigger.action].target)
    found = target_after(view, start, trigger.noun[0], prefs)
    if found is None:
        return None
    first, last = resolve_title(view, found[0], found[1])
    return first, last, found[2] if first == found[0] else 0


def _agent_after(view: SentenceView, v: int, stop: int) -> tuple[int, int] | None:
    """Find the agent of a passive given after "من قبل" in the clause ("خطفوا من قبل التنظيم")."""
    for k in range(v + 1, min(stop, v + 8) - 1):
        if view.norm(k) == "من" and view.norm(k + 1) == "قبل":
            found = phrase_after(view, k + 2, stop)
            return resolve_title(view, found[0], found[1]) if found is not None else None
    return None


def _relative_object(view: SentenceView, v: int, trigger: _Trigger) -> bool:
    """Tell whether the verb follows a relative pronoun and carries its object ("الشاب الذي قتلته الشرطة")."""
    if trigger.verb is None or v == 0 or view.norm(v - 1) not in RELATIVES:
        return False
    return has_object_suffix(view.tokens[v].norm, view.lexicon, light=False)


def _reads_passive(view: SentenceView, trigger: _Trigger, found: tuple[int, int], stop: int) -> bool:
    """Tell whether an unvocalised verb done to people is passive: one phrase follows it and it is no agent.

    "واعتقل الصحفي" (was arrested) has a single noun phrase, a person; "واعتقلت الشرطة الصحفي" has
    an agent (an organisation, a country, a force) and then an object.
    """
    if trigger.verb is None or trigger.noun is not None or trigger.action not in _PATIENT_ACTIONS:
        return False
    first = found[0]
    mention = view.mentions[first]
    if mention is not None and mention.type != "PERSON":
        return False
    if view.norm(first).removeprefix("ال") in _AGENT_NOUNS:
        return False
    obj = target_after(view, found[1] + 1, stop, ("object",))
    if obj is None:
        return True
    head = view.tokens[obj[0]]
    if head.norm[:1] == "و" and not head.proclitics.startswith("و") and view.mentions[obj[0]] is None:
        return True  # "واعتقل X وشركة ...": a coordinated patient, not an object
    return not (view.mentions[obj[0]] is not None or view.is_definite(obj[0]) or _counted(view, obj[0]))


def _not_a_target(view: SentenceView, first: int, cut: int) -> bool:
    """Tell whether a phrase cannot be acted on: a verb ("تعمل") rather than a noun, outside any name."""
    return view.mentions[first] is None and not cut and looks_verbal(view.tokens[first])


def _prepositional(view: SentenceView, first: int) -> bool:
    """Tell whether a phrase opens with ب/ل glued to a non-name ("بدور"، "ليصبح"): not a subject."""
    token = view.tokens[first]
    return (
        view.mentions[first] is None
        and token.norm[:1] in "بل"
        and len(token.norm) >= 4
        and not (token.proclitics)
    )


def _counted(view: SentenceView, first: int) -> bool:
    """Tell whether a phrase starts with a number ("يصل عددهم إلى 20")."""
    norm = view.tokens[first].norm
    return norm[:1].isdigit() or view.norm(first) in NUMBER_WORDS or norm.startswith(("عدد", "نسب"))


def _arrival_ok(
    view: SentenceView, v: int, actor: tuple[int, int] | None, target: tuple[int, int, int] | None
) -> bool:
    """Accept an arrival verb only with a destination after إلى and no number on either side."""
    if target is None or _counted(view, target[0]) or (actor is not None and _counted(view, actor[0])):
        return False
    return any(view.norm(k) == "الي" for k in range(v + 1, target[0]))


def _sentence_events(
    article: Article,
    sentence: Span,
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    lexicon: Lexicon,
    context: _Paragraph | None = None,
) -> list[FoundEvent]:
    """Extract the events of one sentence (``context`` carries the paragraph's last named actor)."""
    context = context or _Paragraph(paragraph_of(article.text, sentence))
    verbs, light = lexicon.verbs, lexicon.light
    candidates = {
        i for i, t in enumerate(tokens) if (t.norm in verbs or t.norm in light) and spells_verb(t, lexicon)
    }
    if not candidates:
        return []
    dates = [(d.start, d.end) for d in article.dates if sentence.start <= d.start < sentence.end]
    view = SentenceView.build(article.text, tokens, mentions, lexicon, dates)
    text = article.text
    state = _SentenceState()
    found: list[FoundEvent] = []
    covered = -1
    for v, token in enumerate(view.tokens):
        if v <= covered or v not in candidates:
            continue
        stop = clause_end(view, v)
        trigger = _trigger(view, v, stop)
        if trigger is None or _is_hypothetical(view, v, trigger.verb):
            continue
        if trigger.noun is not None and trigger.passive:
            covered = trigger.noun[1]
        negated = _is_negated(view, v)
        if state.denial_from is not None and v > state.denial_from and not state.denial_negated:
            negated = not negated
        coordinated = state.last_actor is not None and (
            token.norm[:1] in "وف" or view.norm(v - 1) in ("و", "ف")
        )
        actor_range, target, agentless = _arguments(view, v, trigger, stop, coordinated)
        if (
            trigger.verb is not None
            and trigger.verb.arrival
            and not _arrival_ok(view, v, actor_range, target)
        ):
            continue
        quote = _quote_at(article.quotes, token.start)
        speaker = (
            (quote.speaker_start, quote.speaker_end)
            if quote is not None and quote.speaker_start is not None and quote.speaker_end is not None
            else None
        )
        actor: tuple[int, int] | None = None
        inherited = False
        if actor_range is not None:
            actor = phrase_span(view, actor_range[0], actor_range[1])
        elif not agentless:
            first_person = trigger.verb is not None and trigger.verb.first_person
            opener = _opener_before(view, v)
            inherited = True
            if speaker is not None and (first_person or opener in PRONOUN_COMPLEMENTIZERS):
                actor = speaker
            elif state.last_actor is not None and (
                token.norm[:1] in "وف"
                or view.norm(v - 1) in ("و", "ف")
                or _opener_before(view, v) is not None
            ):
                actor = state.last_actor
            elif _opens_clause(view, v):
                actor = context.antecedent(token.start)  # a dropped subject: the last one named
        target_span = phrase_span(view, target[0], target[1], target[2]) if target is not None else None
        date = _nearest_date(article.dates, sentence, token.start, context.span)
        trigger_end = token.end
        if trigger.noun is not None and not trigger.noun_before:
            trigger_end = view.tokens[trigger.noun[1]].end
        starts, ends = [token.start], [trigger_end]
        if target_span is not None:
            ends.append(target_span[1])
        if actor is not None and not inherited and sentence.start <= actor[0] < sentence.end:
            starts.append(actor[0])
            ends.append(actor[1])
        start, end = min(starts), min(max(ends), sentence.end)
        event = EventMention(
            start=start,
            end=end,
            text=text[start:end],
            action=trigger.action,
            negated=negated,
            actor_start=actor[0] if actor else None,
            actor_end=actor[1] if actor else None,
            target_start=target_span[0] if target_span else None,
            target_end=target_span[1] if target_span else None,
            date=date.value if date else None,
            date_text=date.text if date else None,
        )
        scope = (
            None
            if date is None
            else "sentence"
            if sentence.start <= date.start < sentence.end
            else "paragraph"
        )
        speaker_start, speaker_end = speaker or (None, None)
        found.append(FoundEvent(event, token.start, trigger_end, speaker_start, speaker_end, scope))
        if actor is not None:
            state.last_actor = actor
            if not inherited:
                context.actor = actor
        denial = _denial_clause(view, v, trigger)
        if denial is not None:
            state.denial_from, state.denial_negated = denial, negated
    return found


def find_events(article: Article, lexicon: Lexicon | None = None) -> tuple[FoundEvent, ...]:
    """Extract every event of an article with its trigger and quote speaker."""
    lex = lexicon or load_lexicon()
    found: list[FoundEvent] = []
    mentions = sorted(article.mentions, key=lambda m: m.start)
    k = 0
    context: _Paragraph | None = None
    for sentence, tokens in zip(
        article.sentences, group_by_sentence(article.sentences, article.tokens), strict=True
    ):
        if not tokens:
            continue
        if context is None or sentence.start >= context.span.end:
            span = paragraph_of(article.text, sentence)
            named = tuple(
                m for m in mentions if m.type in _ACTOR_TYPES and span.start <= m.start and m.end <= span.end
            )
            context = _Paragraph(span, named=named)
        while k < len(mentions) and mentions[k].end <= sentence.start:
            k += 1
        inside = []
        for mention in mentions[k:]:
            if mention.start >= sentence.end:
                break
            inside.append(mention)
        found.extend(_sentence_events(article, sentence, tokens, inside, lex, context))
    return tuple(found)


def extract_events(article: Article) -> tuple[EventMention, ...]:
    """Extract the events of an article in text order."""
    return tuple(f.event for f in find_events(article))


EVENT_DETAILS = "event_details"


def _run(article: Article) -> Article:
    """Stage body: fill ``Article.events``; triggers and quote speakers go to ``extra["event_details"]``."""
    found = find_events(article)
    details = tuple(
        {
            "trigger_start": f.trigger_start,
            "trigger_end": f.trigger_end,
            "speaker_start": f.speaker_start,
            "speaker_end": f.speaker_end,
            "date_scope": f.date_scope,
        }
        for f in found
    )
    return article.with_(
        events=tuple(f.event for f in found), extra={**article.extra, EVENT_DETAILS: details}
    )


EVENT_STAGE = ArticleStage(
    name="events",
    run=_run,
    requires=frozenset({"sentences", "tokens", "mentions", "dates"}),
    assigns=frozenset({"events"}),
)
