from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.web.app import create_app
from tests.web.conftest import ONE


@pytest.fixture()
def client(analysed_db: Path) -> TestClient:
    return TestClient(create_app(analysed_db))


def test_every_page_renders_and_has_a_json_twin(client: TestClient) -> None:
    stories = client.get("/api/stories").json()["stories"]
    assert [s["id"] for s in stories] == ["s-1"]
    article = client.get("/api/stories/s-1").json()["articles"][0]["id"]
    for path in [
        "/",
        "/stories/s-1",
        f"/articles/{article}",
        "/entities/p-sami",
        "/outlets/alpha.net",
        "/search?q=المبادرة",
    ]:
        page = client.get(path)
        assert page.status_code == 200, path
        assert 'dir="rtl"' in page.text
        twin = "/api/stories" if path == "/" else "/api" + path
        assert client.get(twin).status_code == 200, twin


def test_story_json_holds_summary_claims_framing_and_graph(client: TestClient) -> None:
    story = client.get("/api/stories/s-1").json()
    assert len(story["summary"][0]["sources"]) == 2
    by_relation = {g["relation"]: g for g in story["claims"]}
    agree, contradict = by_relation["agree"], by_relation["contradict"]
    assert set(agree["cells"]) == {"alpha.net", "beta.net"}
    assert [c["side"] for c in agree["cells"]["alpha.net"]] == [None]
    assert [c["side"] for c in contradict["cells"]["alpha.net"]] == ["الرواية أ"]
    assert [c["side"] for c in contradict["cells"]["beta.net"]] == ["الرواية ب"]
    assert story["framing"]["سامي خليل"]["beta.net"]["hedges"] == ["زعم"]
    assert {(e["source"], e["target"], e["kind"]) for e in story["graph"]["edges"]} == {
        ("o-party", "p-sami", "oppose")
    }


def test_entity_page_groups_quotes_and_labels_by_outlet(client: TestClient) -> None:
    entity = client.get("/api/entities/p-sami").json()
    assert {q["outlet"] for q in entity["quotes"]} == {"alpha.net", "beta.net"}
    assert entity["hedges_by_outlet"] == {"alpha.net": {}, "beta.net": {"زعم": 1}}


def test_article_highlights_slice_the_original_text(client: TestClient) -> None:
    article_id = client.get("/api/stories/s-1").json()["articles"][0]["id"]
    detail = client.get(f"/api/articles/{article_id}").json()
    assert "".join(s["text"] for s in detail["segments"]) == ONE
    assert any("person" in s["classes"] and s["text"] == "سامي خليل" for s in detail["segments"])


def test_search_matches_across_clitics_with_snippets(client: TestClient) -> None:
    result = client.get("/api/search", params={"q": "والمبادرة", "outlet": "beta.net"}).json()
    assert result["total"] == 1
    assert any(part["match"] for part in result["hits"][0]["snippet"])
    for query in ['"', "NEAR(", "x" * 1999, "' OR 1=1 --"]:
        assert client.get("/api/search", params={"q": query}).status_code == 200
    assert client.get("/api/search", params={"q": "x" * 3000}).status_code == 422


def test_missing_things_are_404_in_both_forms(client: TestClient) -> None:
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/api/entities/nope").json() == {"detail": "no entity 'nope'"}
    assert client.get("/static/../../cli.py").status_code == 404


def test_untrusted_text_is_escaped_and_scripts_are_forbidden(client: TestClient) -> None:
    articles = client.get("/api/stories/s-1").json()["articles"]
    evil = next(a["id"] for a in articles if a["outlet"] == "gamma.net")
    page = client.get(f"/articles/{evil}")
    assert "<script>document" not in page.text and "&lt;script&gt;" in page.text
    assert "<img" not in page.text and "<b>عنوان" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_posting_articles_validates_and_stores(client: TestClient) -> None:
    good = {
        "text": "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية.",
        "outlet": "delta",
        "published": "12/05/2021",
    }
    response = client.post("/api/articles", json={"articles": [good]})
    assert response.status_code == 201 and len(response.json()["added"]) == 1
    assert (
        client.post("/api/articles", json={"articles": [good]}).json()["existing"] == response.json()["added"]
    )
    assert client.post("/api/articles", json={"articles": [{"text": "English only text"}]}).status_code == 422
    assert client.post("/api/articles", json={"articles": []}).status_code == 422
    assert (
        client.post(
            "/api/articles", content=b"{not json", headers={"content-type": "application/json"}
        ).status_code
        == 422
    )
    huge = client.post(
        "/api/articles",
        content=b"x",
        headers={"content-length": str(10**8), "content-type": "application/json"},
    )
    assert huge.status_code == 413


def test_writes_need_the_token_when_one_is_set(analysed_db: Path) -> None:
    client = TestClient(create_app(analysed_db, token="s3cret", public=True))
    body = {"articles": [{"text": "أعلنت الوزارة تمديد فترة التسجيل في البرنامج الوطني للتدريب."}]}
    assert client.post("/api/articles", json=body).status_code == 401
    assert (
        client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    )
    assert (
        client.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret"}).status_code == 201
    )
    with pytest.raises(ValueError):
        create_app(analysed_db, public=True)


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/search", "/api/articles"} <= set(spec["paths"])
    assert "post" in spec["paths"]["/api/articles"]
