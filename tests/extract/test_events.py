"""Events: actor - action - target on composed sentences, negation, denial, quotes, dates, the taxonomy."""

from __future__ import annotations

import functools
import importlib.util
import json
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.layer import add_text_layer
from marsad.document import Article, DateMention, Document, EventMention, Mention, QuoteMention
from marsad.extract.event_lexicon import conjugate_past, conjugate_present, load_lexicon, match_verb
from marsad.extract.events import EVENT_STAGE, extract_events, find_events
from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parents[2]


def analyse(
    text: str,
    mentions: tuple[Mention, ...] = (),
    dates: tuple[DateMention, ...] = (),
    quotes: tuple[QuoteMention, ...] = (),
) -> Article:
    """Build an article with the text layer and the given upstream findings."""
    article = add_text_layer(Article(doc=Document.create(text, "test")))
    return article.with_(mentions=mentions, dates=dates, quotes=quotes)


def mention(text: str, words: str, kind: str = "PERSON", nth: int = 0) -> Mention:
    """Point a mention at the ``nth`` occurrence of ``words`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Mention(start, start + len(words), words, kind)


def span(text: str, start: int | None, end: int | None) -> str | None:
    """Read an optional span."""
    return None if start is None or end is None else text[start:end]


def only(article: Article, action: str) -> EventMention:
    """Return the single event of the given action."""
    found = [e for e in extract_events(article) if e.action == action]
    assert len(found) == 1, found
    return found[0]


def roles(article: Article, event: EventMention) -> tuple[str | None, str | None]:
    """Return the actor and target texts of an event."""
    text = article.text
    return span(text, event.actor_start, event.actor_end), span(text, event.target_start, event.target_end)


# --- word order --------------------------------------------------------------------------


def test_vso_actor_follows_the_verb_and_send_prefers_the_destination() -> None:
    article = analyse("أرسلت تشيلي مهندسين إلى كينيا.")
    event = only(article, "send")
    assert roles(article, event) == ("تشيلي", "كينيا")
    assert not event.negated
    assert event.text == "أرسلت تشيلي مهندسين إلى كينيا"


def test_svo_actor_precedes_the_verb() -> None:
    article = analyse("الحكومة الجديدة تدعم الاتفاق.")
    assert roles(article, only(article, "support")) == ("الحكومة الجديدة", "الاتفاق")


def test_object_after_a_multiword_subject() -> None:
    article = analyse("وهاجمت القوات الحكومية مواقع المتمردين في الشمال.")
    assert roles(article, only(article, "attack")) == ("القوات الحكومية", "مواقع المتمردين")


def test_relative_clause_takes_its_antecedent_as_actor() -> None:
    article = analyse("وصل الوفد الذي يقاتل الجماعات المسلحة منذ سنوات.")
    assert roles(article, only(article, "fight")) == ("الوفد", "الجماعات المسلحة")


def test_coordinated_verb_without_subject_inherits_the_actor() -> None:
    article = analyse("ورحب المجلس بالاتفاق وحث الأطراف على التهدئة.")
    assert roles(article, only(article, "support")) == ("المجلس", "الاتفاق")
    assert roles(article, only(article, "demand")) == ("المجلس", "الأطراف")


def test_entity_mention_is_preferred_over_the_title_phrase() -> None:
    text = "والتقى وزير الخارجية التشيلي خوان فالديس نظيره النيبالي في كاتماندو."
    article = analyse(text, mentions=(mention(text, "خوان فالديس"),))
    assert roles(article, only(article, "meet")) == ("خوان فالديس", "نظيره النيبالي")


def test_title_phrase_through_its_institution_reaches_the_named_person() -> None:
    text = "وأعلن المدير العام لجمعية النور لتحفيظ القرآن بمحافظة الليث سالم بن مبروك الحربي موعد الدورة."
    article = analyse(text, mentions=(mention(text, "سالم بن مبروك الحربي"),))
    actor, _ = roles(article, only(article, "announce"))
    assert actor == "سالم بن مبروك الحربي"


def test_name_part_the_ner_missed_joins_the_person_after_it() -> None:
    text = "وحث الأمين العام للمنظمة توم جي هاريس جميع الأطراف على التهدئة."
    article = analyse(text, mentions=(mention(text, "جي هاريس"),))
    assert roles(article, only(article, "demand")) == ("جي هاريس", "جميع الأطراف")


def test_svo_subject_with_a_title_after_a_complementizer() -> None:
    text = "وتشير المصادر إلى أن رئيس النادي الأمير سالم بن فهد كشف عن خطة جديدة."
    article = analyse(text, mentions=(mention(text, "سالم بن فهد"),))
    actor, _ = roles(article, only(article, "announce"))
    assert actor == "سالم بن فهد"


def test_subject_before_a_quotation_opened_on_the_verb() -> None:
    text = "وذكرت الوكالة أن الشرطة “اعتقلت سامي فؤاد في منزله.”"
    article = analyse(text, mentions=(mention(text, "سامي فؤاد"),))
    assert roles(article, only(article, "arrest")) == ("الشرطة", "سامي فؤاد")


def test_named_subject_after_a_prepositional_phrase() -> None:
    text = "ووصل إلى الرياض رئيس الوفد سامي فؤاد مساء أمس."
    article = analyse(text, mentions=(mention(text, "سامي فؤاد"), mention(text, "الرياض", "LOCATION")))
    assert roles(article, only(article, "visit")) == ("سامي فؤاد", "الرياض")


def test_person_before_an_unvocalised_kill_verb_and_a_pp_is_its_patient() -> None:
    text = "وكان الطفل الفلسطيني سامي فؤاد قتل حرقا في يوليو الماضي."
    article = analyse(text, mentions=(mention(text, "سامي فؤاد"),))
    assert roles(article, only(article, "kill")) == (None, "سامي فؤاد")


def test_counted_people_before_a_plural_kill_verb_are_its_patients() -> None:
    article = analyse("وقال قائد الشرطة إن خمسة أشخاص قتلوا في هذا الهجوم.")
    assert roles(article, only(article, "kill")) == (None, "خمسة أشخاص")


def test_agent_before_a_kill_verb_with_an_object_stays_the_actor() -> None:
    article = analyse("وكان المسلحون قتلوا خمسة أشخاص في هجوم على حافلة.")
    assert roles(article, only(article, "kill")) == ("المسلحون", "خمسة أشخاص")


def test_object_person_after_a_preposition_is_not_the_actor() -> None:
    text = "والتقى الوزير بالرئيس سامي فؤاد في القصر."
    article = analyse(text, mentions=(mention(text, "سامي فؤاد"),))
    actor, _ = roles(article, only(article, "meet"))
    assert actor == "الوزير"


@pytest.mark.parametrize(
    ("text", "action", "expected"),
    [
        ("وصل الأمير محمد بن سلمان إلى عمان.", "visit", ("محمد بن سلمان", "عمان")),
        (
            "وقال إن زعيم التنظيم أبو بكر البغدادي أرسل مهندسين إلى الرقة.",
            "send",
            ("أبو بكر البغدادي", "الرقة"),
        ),
        ("وهاجم خالد المدينة.", "attack", ("خالد", "المدينة")),
    ],
)
def test_personal_names_without_mentions(text: str, action: str, expected: tuple[str, str]) -> None:
    article = analyse(text)
    assert roles(article, only(article, action)) == expected


def test_prepositional_target_of_attack() -> None:
    article = analyse("شنت الطائرات غارات على مواقع التنظيم.")
    assert roles(article, only(article, "attack")) == ("الطائرات", "مواقع التنظيم")


# --- light verbs and passives ----------------------------------------------------------------


def test_light_verb_with_action_noun() -> None:
    article = analyse("قامت قوات الأمن باعتقال خمسة أشخاص.")
    assert roles(article, only(article, "arrest")) == ("قوات الأمن", "خمسة أشخاص")


def test_passive_light_verb_has_no_actor() -> None:
    article = analyse("وتم اعتقال المشتبه فيه.")
    assert roles(article, only(article, "arrest")) == (None, "المشتبه")


def test_light_verb_whose_pronoun_points_back_at_the_action_noun() -> None:
    article = analyse("وأدان المجلس الهجوم الذي شنه المسلحون على القرية.")
    assert roles(article, only(article, "attack")) == ("المسلحون", "القرية")
    article = analyse("جاء ذلك في اتصال أجراه الوزير بنظيره الفرنسي.")
    assert roles(article, only(article, "meet")) == ("الوزير", "نظيره الفرنسي")


def test_passive_with_agent_after_min_qibal() -> None:
    article = analyse("وأفادت الحصيلة أن مئات الأشخاص خطفوا من قبل التنظيم.")
    assert roles(article, only(article, "abduct")) == ("التنظيم", "مئات الأشخاص")


def test_relative_clause_whose_verb_carries_the_object() -> None:
    article = analyse("ويبحث المحققون دوافع الشاب الذي قتلته الشرطة أمس.")
    assert roles(article, only(article, "kill")) == ("الشرطة", "دوافع الشاب")


@pytest.mark.parametrize(
    ("text", "action", "expected"),
    [
        ("وأطلق الجنود النار على المتظاهرين.", "attack", ("الجنود", "المتظاهرين")),
        ("وحمل الوزير الحكومة مسؤولية الأزمة.", "accuse", ("الوزير", "الحكومة")),
        ("وأجرى الرئيس مع نظيره الفرنسي محادثات هاتفية.", "meet", ("الرئيس", "نظيره الفرنسي")),
        ("وشارك آلاف الطلاب في مظاهرة ضد الحكومة.", "protest", ("آلاف الطلاب", "الحكومة")),
        ("وقبضت الشرطة على المتهم.", "arrest", ("الشرطة", "المتهم")),
    ],
)
def test_light_verb_constructions(text: str, action: str, expected: tuple[str, str]) -> None:
    article = analyse(text)
    assert roles(article, only(article, action)) == expected


def test_declared_ceasefire() -> None:
    article = analyse("وأعلن الجيش وقفا لإطلاق النار.")
    assert roles(article, only(article, "ceasefire")) == ("الجيش", None)


# --- negation and denial -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("الحكومة لا تدعم المتمردين.", "support"),
        ("لم يرسل الرئيس قواته إلى الحدود.", "send"),
        ("ولن تفرض الدول عقوبات على الشركة.", "sanction"),
        ("وقال إن بلاده ليست تدعم الانفصاليين.", "support"),
    ],
)
def test_negation_particles(text: str, action: str) -> None:
    assert only(analyse(text), action).negated


def test_denied_event_is_negated_and_the_denial_is_an_event() -> None:
    article = analyse("نفت الحكومة أن تكون أرسلت جنودا إلى أوغندا.")
    deny = only(article, "deny")
    send = only(article, "send")
    assert not deny.negated
    assert send.negated
    assert roles(article, send) == ("الحكومة", "أوغندا")


def test_a_denial_that_is_itself_negated_does_not_negate() -> None:
    article = analyse("ولم تنف الحكومة أن ترسل جنودا إلى أوغندا.")
    assert only(article, "deny").negated
    assert not only(article, "send").negated


def test_affirmed_event_is_not_negated() -> None:
    assert not only(analyse("أرسل الرئيس قواته إلى الحدود."), "send").negated


# --- quotes --------------------------------------------------------------------------------------


def test_event_inside_indirect_quote_keeps_its_own_actor() -> None:
    article = analyse("وقال المتحدث إن تشيلي ترسل مهندسين إلى كينيا.")
    assert roles(article, only(article, "send")) == ("تشيلي", "كينيا")


def _quote(text: str, quoted: str, speaker: str, kind: str) -> QuoteMention:
    """Build a quote fixture pointing at ``quoted`` and its ``speaker``."""
    start, s_start = text.index(quoted), text.index(speaker)
    return QuoteMention(
        start, start + len(quoted), quoted, kind, "قال", s_start, s_start + len(speaker), speaker
    )


def test_first_person_verb_in_direct_quote_takes_the_speaker() -> None:
    text = "وقال القائد العسكري: «هاجمنا مواقع العدو في الجبل»."
    quote = _quote(text, "هاجمنا مواقع العدو في الجبل", "القائد العسكري", "direct")
    article = analyse(text, quotes=(quote,))
    found = [f for f in find_events(article) if f.event.action == "attack"]
    assert len(found) == 1
    assert roles(article, found[0].event) == ("القائد العسكري", "مواقع العدو")
    assert (found[0].speaker_start, found[0].speaker_end) == (quote.speaker_start, quote.speaker_end)


def test_first_person_singular_call_in_a_quote_takes_the_speaker() -> None:
    text = "وأضاف الوزير: إنني أخاطب الجميع، وأدعو إلى استنكار هذه الأعمال."
    quote = _quote(text, "إنني أخاطب الجميع، وأدعو إلى استنكار هذه الأعمال", "الوزير", "indirect")
    article = analyse(text, quotes=(quote,))
    actor, _ = roles(article, only(article, "demand"))
    assert actor == "الوزير"


def test_unambiguous_passive_attack_has_its_subject_as_target() -> None:
    article = analyse("وقال المتحدث إن المنشآت الصحية هوجمت بكثافة.")
    assert roles(article, only(article, "attack")) == (None, "المنشآت الصحية")


def test_pronoun_clause_in_indirect_quote_takes_the_speaker() -> None:
    text = "وقال الوزير إنه زار المخيمات أمس."
    quote = _quote(text, "زار المخيمات أمس", "الوزير", "indirect")
    article = analyse(text, quotes=(quote,))
    assert roles(article, only(article, "visit")) == ("الوزير", "المخيمات")


def test_announce_with_a_clause_is_speech_not_an_event() -> None:
    assert extract_events(analyse("أعلنت الوزارة أن الطقس سيكون حارا.")) == ()
    assert extract_events(analyse("وأعلنت الشركة في بيان: «الأرباح ارتفعت»")) == ()
    assert only(analyse("أعلنت الشركة ارتفاع أرباحها."), "announce").actor_start == 6


# --- dates ---------------------------------------------------------------------------------------


def date_of(text: str, words: str, value: str) -> DateMention:
    """Point a resolved date at the first occurrence of ``words``."""
    start = text.index(words)
    return DateMention(start, start + len(words), words, value)


def test_event_takes_the_date_of_its_sentence() -> None:
    text = "التقى الرئيس وفدا من المعارضة في 12 فبراير 2031.\nثم زار الوفد المدينة."
    article = analyse(text, dates=(date_of(text, "12 فبراير 2031", "2031-02-12"),))
    meet = only(article, "meet")
    assert (meet.date, meet.date_text) == ("2031-02-12", "12 فبراير 2031")
    assert only(article, "visit").date is None  # another paragraph: left undated


def test_undated_sentence_takes_the_nearest_date_of_its_paragraph() -> None:
    text = "التقى الرئيس وفدا من المعارضة في 12 فبراير 2031. ثم زار الوفد المدينة."
    article = analyse(text, dates=(date_of(text, "12 فبراير 2031", "2031-02-12"),))
    assert only(article, "visit").date == "2031-02-12"


def test_sentence_date_wins_over_a_nearer_date_of_the_paragraph() -> None:
    text = "وصل الوزير إلى المدينة في 3 مايو 2031. واستقبل الوزير الوفد في 5 مايو 2031."
    dates = (date_of(text, "3 مايو 2031", "2031-05-03"), date_of(text, "5 مايو 2031", "2031-05-05"))
    article = analyse(text, dates=dates)
    assert only(article, "meet").date == "2031-05-05"


# --- subjects that are not written -------------------------------------------------------------


def test_dropped_subject_is_the_last_name_of_the_paragraph() -> None:
    text = "ويرتبط اللاعب سامر حداد بعقد مع النادي وكان قد طالب بانتقاله إلى ناد آخر."
    article = analyse(text, mentions=(mention(text, "سامر حداد"),))
    assert roles(article, only(article, "demand"))[0] == "سامر حداد"


def test_dropped_subject_does_not_cross_a_paragraph() -> None:
    text = "ويرتبط اللاعب سامر حداد بعقد مع النادي.\nوكان قد طالب بانتقاله إلى ناد آخر."
    article = analyse(text, mentions=(mention(text, "سامر حداد"),))
    assert roles(article, only(article, "demand"))[0] is None


def test_single_person_after_an_arrest_verb_is_the_one_arrested() -> None:
    text = "وكانت المحكمة قد نظرت في القضية. واعتقل كريم ناصر في العاصمة منذ عام."
    article = analyse(text, mentions=(mention(text, "كريم ناصر"),))
    event = only(article, "arrest")
    assert roles(article, event) == (None, "كريم ناصر")


def test_agent_then_object_after_an_arrest_verb_stay_active() -> None:
    text = "واعتقلت الشرطة كريم ناصر في العاصمة."
    article = analyse(text, mentions=(mention(text, "كريم ناصر"),))
    assert roles(article, only(article, "arrest")) == ("الشرطة", "كريم ناصر")


def test_result_of_an_inquiry_has_no_agent() -> None:
    text = "وأسفر التحقيق عن اعتقال عدد من الموظفين."
    article = analyse(text)
    event = only(article, "arrest")
    assert roles(article, event)[0] is None


def test_date_words_are_not_taken_as_actor() -> None:
    text = "وهاجم أمس المسلحون مركزا للشرطة."
    dated = DateMention(text.index("أمس"), text.index("أمس") + 3, "أمس", "2031-02-11", relative=True)
    article = analyse(text, dates=(dated,))
    event = only(article, "attack")
    assert roles(article, event)[0] == "المسلحون"
    assert event.date == "2031-02-11"


# --- what is not an event ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "يمكن أن تستهدف الجماعات المسلحة المدنيين.",
        "قد يزور الرئيس المدينة.",
        "وأكدت وزارة الخارجية الموقف.",
        "وأشار إلى أهمية الدعم في دعم الاقتصاد.",
        "وزارة الداخلية ومديرية الأمن.",
    ],
)
def test_no_event(text: str) -> None:
    assert extract_events(analyse(text)) == ()


# --- lexicon ----------------------------------------------------------------------------------


def test_conjugation_covers_person_gender_number() -> None:
    assert {"دعم", "دعمت", "دعموا"} <= set(conjugate_past("دعم"))
    assert {"يدعم", "تدعم", "ندعم", "يدعمون", "تدعمون"} <= set(conjugate_present("يدعم"))
    assert "يدعمان" not in conjugate_present("يدعم")  # duals spell names: ليبرمان
    assert {"ينفي", "ينفون", "ينف"} <= set(conjugate_present("ينفي"))


@pytest.mark.parametrize(
    ("word", "action"),
    [
        ("وسيرسلون", "send"),
        ("فهاجموه", "attack"),
        ("ولتدعم", "support"),
        ("اتهمته", "accuse"),
        ("نفت", "deny"),
    ],
)
def test_clitics_and_object_pronouns_are_matched(word: str, action: str) -> None:
    found = match_verb(word, load_lexicon())
    assert found is not None and found.action == action


def test_names_that_spell_verbs_are_not_triggers() -> None:
    assert match_verb("ليبرمان", load_lexicon()) is None
    assert extract_events(analyse("وقال فيصل إن الاجتماع انتهى.")) == ()


def test_arrival_needs_a_destination_and_no_count() -> None:
    assert only(analyse("وصل الرئيس إلى الرياض أمس."), "visit").target_start is not None
    assert extract_events(analyse("ويصل عددهم إلى عشرات الآلاف.")) == ()
    assert extract_events(analyse("وهي الجاهزية التي وصل إليها اللاعبون.")) == ()


def test_future_prefix_only_on_present_forms() -> None:
    future = match_verb("سارسل", load_lexicon())
    assert future is not None and future.present
    assert match_verb("سدعم", load_lexicon()) is None


def test_taxonomy_is_documented_and_mapped() -> None:
    raw = json.loads((ROOT / "src" / "marsad" / "extract" / "data" / "actions.json").read_text("utf-8"))
    required = {"support", "oppose", "criticise", "demand", "accuse", "deny", "meet", "attack", "fight"}
    required |= {"agree", "ceasefire", "sanction", "send"}
    assert required <= raw["actions"].keys()
    plover = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE"}
    plover |= {"REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    for code, entry in raw["actions"].items():
        assert 1 <= int(entry["cameo"]) <= 20, code
        assert entry["plover"] is None or entry["plover"] in plover, code
        assert entry["gloss"] and entry["cameo_name"], code
        assert entry.get("verbs") or entry.get("forms") or entry.get("nouns"), code
    for light in raw["light_verbs"]:
        assert light["actions"] == "*" or set(light["actions"]) <= raw["actions"].keys()


# --- offsets and the stage -----------------------------------------------------------------------

WORDS = (
    "أرسلت تشيلي مهندسين إلى كينيا لم الحكومة تدعم نفت أن وقال إن ، . « » الذي هاجم قوات في على وتم اعتقال"
).split()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_every_span_indexes_the_original_text(words: list[str]) -> None:
    text = " ".join(words)
    article = analyse(text, mentions=(Mention(0, len(words[0]), words[0], "LOCATION"),))
    for event in extract_events(article):
        assert text[event.start : event.end] == event.text
        assert 0 <= event.start < event.end <= len(text)
        for start, end in ((event.actor_start, event.actor_end), (event.target_start, event.target_end)):
            assert (start is None) == (end is None)
            if start is not None and end is not None:
                assert 0 <= start < end <= len(text)


def test_stage_declares_its_fields_and_fills_events() -> None:
    assert EVENT_STAGE.requires == {"sentences", "tokens", "mentions", "dates"}
    assert EVENT_STAGE.assigns == {"events"}
    article = EVENT_STAGE(analyse("أرسلت تشيلي مهندسين إلى كينيا."))
    assert [e.action for e in article.events] == ["send"]
    details = article.extra["event_details"]
    assert article.text[details[0]["trigger_start"] : details[0]["trigger_end"]] == "أرسلت"
    assert details[0]["speaker_start"] is None
    assert details[0]["date_scope"] is None


def test_details_say_whether_the_date_came_from_the_sentence_or_the_paragraph() -> None:
    text = "التقى الرئيس وفدا من المعارضة في 12 فبراير 2031. ثم زار الوفد المدينة."
    article = EVENT_STAGE(analyse(text, dates=(date_of(text, "12 فبراير 2031", "2031-02-12"),)))
    details = article.extra["event_details"]
    scopes = {e.action: d["date_scope"] for e, d in zip(article.events, details, strict=True)}
    assert scopes == {"meet": "sentence", "visit": "paragraph"}


# --- gold ------------------------------------------------------------------------------------


def _benchmark() -> ModuleType:
    """Load ``benchmarks/events.py`` (not a package)."""
    spec = importlib.util.spec_from_file_location("events_benchmark", ROOT / "benchmarks" / "events.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOLD_FILES = ("events.jsonl", "events_heldout.jsonl", "events_heldout2.jsonl")


@functools.cache
def _records(data: Path, name: str) -> list[dict[str, str]]:
    """Read one SaudiNewsNet day once per test session."""
    with zipfile.ZipFile(data / name) as archive:
        records: list[dict[str, str]] = json.loads(archive.read(archive.namelist()[0]))
    return records


def test_gold_scores_stay_above_their_floors() -> None:
    shared_path("data", "saudinewsnet")
    figures = _benchmark().evaluate()
    assert figures["gold_events"] == 63
    assert figures["action"]["f1"] >= 0.75
    assert figures["actor"]["f1"] >= 0.45
    assert figures["target"]["f1"] >= 0.33


def test_gold_rows_point_at_their_words() -> None:
    data = shared_path("data", "saudinewsnet")
    gold = ROOT / "tests" / "gold"
    lines = [line for name in GOLD_FILES for line in (gold / name).read_text("utf-8").splitlines()]
    assert len(lines) == 35
    for line in lines:
        row = json.loads(line)
        text = _records(data, row["zip"])[row["index"]]["content"]
        for event in row["events"]:
            assert text[event["trigger_start"] : event["trigger_end"]] == event["trigger"]
            for role in ("actor", "target"):
                if event[role] is not None:
                    assert text[event[role + "_start"] : event[role + "_end"]] == event[role]
