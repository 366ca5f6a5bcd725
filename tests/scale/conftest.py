"""Composed Arabic articles for the scale tests, and a pipeline that runs on any machine."""

from __future__ import annotations

import re

from marsad.document import Article, Document, Mention
from marsad.pipeline import ArticleStage, Pipeline
from marsad.stages import default_pipeline

PEOPLE = ("سالم الحربي", "نورة القحطاني", "فهد الدوسري", "خالد العمري")
PLACES = ("جدة", "الدمام", "أبها", "تبوك")
BODIES = ("وزارة المالية", "هيئة الطيران المدني", "جامعة الملك سعود")
OUTLETS = ("sabq", "okaz", "riyadh")
_NAMES = {**dict.fromkeys(PEOPLE, "PERSON"), **dict.fromkeys(PLACES, "LOCATION")}
_NAMES.update(dict.fromkeys(BODIES, "ORGANIZATION"))
_PATTERN = re.compile("|".join(sorted(map(re.escape, _NAMES), key=len, reverse=True)))


def composed(n: int, day: int = 1) -> Document:
    """Compose the ``n``-th test article: a statement, a reported event and a dated meeting."""
    who, other = PEOPLE[n % 4], PEOPLE[(n + 1) % 4]
    where, body = PLACES[n % 4], BODIES[n % 3]
    text = (
        f"قال {who} في {where} يوم الأحد إن {body} ستنفق {100 + n} مليون ريال على المشروع. "
        f"وأضاف: «لن نتأخر في تنفيذ الخطة هذا العام». "
        f"والتقى {who} مع {other} في {where} لبحث التعاون، فيما نفى {other} وجود خلاف بين الطرفين. "
        f"وذكرت {body} أن العمل سيبدأ في {day % 28 + 1} أغسطس المقبل."
    )
    return Document.create(
        text,
        f"{n}.txt",
        outlet=OUTLETS[n % 3],
        title=f"{body} تعلن مشروعا جديدا {n}",
        published=f"2015-07-{day:02d}",
    )


def tag_known_names(article: Article) -> Article:
    """Stand-in entity stage (the trained tagger may not be on this machine): tags the names above."""
    found = tuple(
        Mention(m.start(), m.end(), m.group(), _NAMES[m.group()]) for m in _PATTERN.finditer(article.text)
    )
    return article.with_(mentions=found)


def stand_in_pipeline() -> Pipeline:
    """The default pipeline with the entity stage replaced by the stand-in tagger."""
    base = default_pipeline()
    stages = tuple(
        ArticleStage(s.name, tag_known_names, s.requires, s.assigns) if s.name == "entities" else s
        for s in base.article_stages
    )
    return Pipeline(stages, base.corpus_stages)
