"""Splicing a grown story: kept results of unchanged events, redone results of the changed ones."""

from __future__ import annotations

from marsad.corpus.model import ClaimGroup, Story, StoryEvent
from marsad.scale.splice import PER_STORY, StoryResult, can_splice, rows_of, splice_story


def _group(*claims: str, relation: str = "agree") -> ClaimGroup:
    return ClaimGroup(claims, relation, 0.9)


def test_claim_groups_of_unchanged_events_are_kept_and_changed_ones_replaced_in_event_order() -> None:
    story = Story(
        "s", "t", ("a", "b", "c", "d"), events=(StoryEvent("e1", ("a", "b")), StoryEvent("e2", ("c", "d")))
    )
    old = Story("s", "t", ("a", "b", "c"), claim_groups=(_group("c-c-0"), _group("c-a-0", "c-b-1")))
    old_rows = {"claim_group_reasons": ("same-c", "same-ab")}
    new = Story("s", "t", ("c", "d"), claim_groups=(_group("c-d-0", "c-c-0", relation="contradict"),))
    new_rows = {"claim_group_reasons": ("numbers-cd",)}
    spliced = splice_story(
        story, StoryResult(old, old_rows), StoryResult(new, new_rows), frozenset({"e2"}), ["compare"]
    )
    assert [g.claims for g in spliced.story.claim_groups] == [("c-a-0", "c-b-1"), ("c-d-0", "c-c-0")]
    assert spliced.rows["claim_group_reasons"] == ("same-ab", "numbers-cd")
    assert spliced.story.articles == story.articles  # the grown story's membership, not the redone part's


def test_a_new_story_is_spliced_from_its_redone_part_alone() -> None:
    story = Story("s", "t", ("a", "b"), events=(StoryEvent("e1", ("a", "b")),))
    new = Story("s", "t", ("a", "b"), claim_groups=(_group("c-a-0", "c-b-0"),))
    spliced = splice_story(story, None, StoryResult(new, {}), frozenset({"e1"}), ["compare"])
    assert spliced.story.claim_groups == new.claim_groups


def test_rows_of_takes_one_story_from_each_per_story_table() -> None:
    extra = {"claim_group_reasons": {"s": ("x",), "t": ("y",)}, "claim_alignment": "words", "other": {"s": 1}}
    assert rows_of(extra, "s") == {"claim_group_reasons": ("x",)}
    assert "claim_alignment" not in PER_STORY


def test_only_known_stages_splice() -> None:
    assert can_splice(["timeline", "compare", "framing", "summary"])
    assert not can_splice(["timeline", "mystery"])
