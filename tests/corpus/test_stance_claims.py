"""How the headline-trained stance model transfers to full news sentences (pairs composed for marsad).

The pairs imitate claim alignment inside one story: the same fact told by two outlets (agree), the
same fact contradicted by negation, another number, an opposite verb or swapped roles (disagree),
and two different facts from the same story (other). The measured accuracy is in the model card.
"""

from __future__ import annotations

from functools import cache

import pytest

from marsad.corpus.stance import compare_claim_pairs

CLAIMS: list[tuple[str, str, str]] = [
    # agree: same fact, other wording or attribution
    (
        "وقال المتحدث باسم وزارة الصحة إن عدد المصابين بلغ 120 شخصا حتى مساء الثلاثاء",
        "أعلنت وزارة الصحة أن 120 شخصا أصيبوا حتى مساء الثلاثاء",
        "agree",
    ),
    (
        "وافق البرلمان بأغلبية كبيرة على قانون الموازنة الجديد في جلسة عقدها يوم الأحد",
        "أقر البرلمان يوم الأحد قانون الموازنة الجديد بأغلبية كبيرة",
        "agree",
    ),
    (
        "وأكد الوزير أن الحكومة ستخفض أسعار الوقود اعتبارا من الشهر المقبل",
        "الحكومة تعتزم خفض أسعار الوقود بدءا من الشهر المقبل بحسب الوزير",
        "agree",
    ),
    (
        "انسحبت القوات من البلدة بعد ثلاثة أيام من المعارك العنيفة",
        "بعد معارك عنيفة استمرت ثلاثة أيام، انسحبت القوات من البلدة",
        "agree",
    ),
    (
        "ارتفعت أسعار الذهب في التعاملات الصباحية مع تراجع الدولار الأميركي",
        "الذهب يرتفع صباحا بفعل تراجع الدولار",
        "agree",
    ),
    (
        "وصل الرئيس إلى العاصمة في زيارة رسمية تستمر يومين يلتقي خلالها رئيس الوزراء",
        "الرئيس يبدأ زيارة رسمية للعاصمة تستمر يومين ويلتقي رئيس الوزراء",
        "agree",
    ),
    (
        "ذكرت الشركة في بيان أنها حققت أرباحا بلغت 3 مليارات دولار خلال العام الماضي",
        "أرباح الشركة بلغت 3 مليارات دولار العام الماضي وفق بيان لها",
        "agree",
    ),
    (
        "قررت المحكمة تأجيل النظر في القضية إلى الشهر المقبل بطلب من الدفاع",
        "تأجيل القضية إلى الشهر المقبل بعد طلب تقدم به الدفاع",
        "agree",
    ),
    # disagree: negation, another number, opposite predicate, swapped roles
    (
        "وقال المتحدث باسم الجيش إن القوات انسحبت من المدينة صباح الأحد",
        "وأكد مصدر عسكري أن القوات لم تنسحب من المدينة صباح الأحد",
        "disagree",
    ),
    (
        "أعلنت وزارة الصحة أن عدد الوفيات بلغ 45 شخصا منذ بداية الأسبوع",
        "أعلنت وزارة الصحة أن عدد الوفيات بلغ 12 شخصا منذ بداية الأسبوع",
        "disagree",
    ),
    (
        "الحكومة تؤيد مشروع القانون الذي قدمه النواب بشأن الضرائب",
        "الحكومة تعارض مشروع القانون الذي قدمه النواب بشأن الضرائب",
        "disagree",
    ),
    (
        "وتراجعت أسعار النفط بشكل حاد في ختام تعاملات الأسبوع",
        "وارتفعت أسعار النفط بشكل حاد في ختام تعاملات الأسبوع",
        "disagree",
    ),
    (
        "نفى المتحدث باسم الرئاسة أن يكون الرئيس قد التقى وفد المعارضة",
        "أكد المتحدث باسم الرئاسة أن الرئيس التقى وفد المعارضة",
        "disagree",
    ),
    (
        "فاز الفريق المحلي على ضيفه بثلاثة أهداف مقابل هدف في المباراة النهائية",
        "خسر الفريق المحلي أمام ضيفه بثلاثة أهداف مقابل هدف في المباراة النهائية",
        "disagree",
    ),
    (
        "رفضت النقابة العرض الذي قدمته الحكومة لإنهاء الإضراب",
        "قبلت النقابة العرض الذي قدمته الحكومة لإنهاء الإضراب",
        "disagree",
    ),
    (
        "أفرجت السلطات عن الصحفي بعد احتجازه أسبوعين",
        "اعتقلت السلطات الصحفي واحتجزته أسبوعين",
        "disagree",
    ),
    # other: two different facts from the same story
    (
        "أعلنت وزارة الصحة أن عدد المصابين بلغ 120 شخصا حتى مساء الثلاثاء",
        "وقررت السلطات إغلاق المدارس في المحافظة حتى نهاية الشهر",
        "other",
    ),
    (
        "وافق البرلمان على قانون الموازنة الجديد في جلسة يوم الأحد",
        "ويتوقع خبراء أن يرتفع معدل التضخم خلال الربع الثالث",
        "other",
    ),
    (
        "وصل الرئيس إلى العاصمة في زيارة رسمية تستمر يومين",
        "وشهدت العاصمة أمطارا غزيرة تسببت في ازدحام مروري",
        "other",
    ),
    (
        "قالت الشركة إنها حققت أرباحا بلغت 3 مليارات دولار خلال العام الماضي",
        "وعينت الشركة مديرا تنفيذيا جديدا خلفا لرئيسها السابق",
        "other",
    ),
    (
        "انسحبت القوات من البلدة بعد ثلاثة أيام من المعارك",
        "وفتحت منظمات الإغاثة ممرا لإيصال المساعدات إلى النازحين",
        "other",
    ),
    (
        "قررت المحكمة تأجيل النظر في القضية إلى الشهر المقبل",
        "ونظم أنصار المتهم وقفة احتجاجية أمام مبنى المحكمة",
        "other",
    ),
    (
        "ارتفعت أسعار الذهب في التعاملات الصباحية",
        "وقال البنك المركزي إنه سيبقي أسعار الفائدة دون تغيير",
        "other",
    ),
    (
        "فاز الفريق المحلي في المباراة النهائية",
        "وأعلن الاتحاد موعد انطلاق الموسم الجديد في سبتمبر",
        "other",
    ),
]


@cache
def measure() -> dict[str, float]:
    """Accuracy of ``compare_claims`` per gold label on the composed claim pairs."""
    predicted = compare_claim_pairs([(a, b) for a, b, _ in CLAIMS])
    out: dict[str, float] = {}
    for label in ("agree", "disagree", "other"):
        rows = [p.label == g for (_, _, g), p in zip(CLAIMS, predicted, strict=True) if g == label]
        out[label] = sum(rows) / len(rows)
    out["all"] = sum(p.label == g for (_, _, g), p in zip(CLAIMS, predicted, strict=True)) / len(CLAIMS)
    return out


def test_contradictions_between_news_sentences_are_found() -> None:
    assert measure()["disagree"] >= 0.75


@pytest.mark.parametrize("label", ["agree", "disagree", "other"])
def test_each_relation_is_mostly_recognised(label: str) -> None:
    assert measure()[label] >= 0.5


if __name__ == "__main__":
    print(measure())
