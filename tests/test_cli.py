import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.report.contract import span_errors, validate
from tests.conftest import shared_path

ONE = "قال وزير الخارجية سامي خليل، الأربعاء، إن المحادثات مع الوفد الزائر كانت صريحة ومثمرة.\n"
TWO = "أعلنت وزارة الصحة تسجيل عشرين إصابة جديدة في المنطقة الشرقية خلال الأسبوع الماضي.\n"


def write_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "one.txt").write_text(ONE, encoding="utf-8")
    (folder / "two.txt").write_text(TWO, encoding="cp1256")
    (folder / "empty.txt").write_bytes(b"")


def test_analyze_writes_valid_reports_and_names_the_bad_input(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "empty.txt" in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    validate(report)
    assert span_errors(report) == []
    assert sorted(a["text"] for a in report["articles"]) == sorted([ONE, TWO])
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "سامي خليل" in html


def test_ingest_twice_stores_once_then_analyze_the_store(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    (tmp_path / "in" / "empty.txt").unlink()
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", db]).exit_code == 0
    again = runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", db])
    assert again.exit_code == 0
    assert "2 articles stored" in again.stdout
    result = runner.invoke(main, ["analyze", "--db", db, "--out", str(tmp_path / "out"), "--no-html"])
    assert result.exit_code == 0, result.output
    assert len(json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["articles"]) == 2
    assert not (tmp_path / "out" / "report.html").exists()


def test_a_new_store_gets_its_folder_and_an_unopenable_one_fails_in_one_line(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    runner = CliRunner()
    db = tmp_path / "not" / "yet" / "news.db"
    assert runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", str(db)]).exit_code == 1
    assert db.is_file()
    (tmp_path / "folder.db").mkdir()
    result = runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "folder.db")])
    assert result.exit_code == 2
    assert "folder.db: cannot open the store" in result.stderr
    assert "Traceback" not in result.output


def test_stdin_is_an_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["analyze", "-", "--out", str(tmp_path), "-q"], input=ONE.encode())
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["articles"][0]["text"] == ONE


def test_nothing_readable_exits_3_and_usage_errors_exit_2(tmp_path: Path) -> None:
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 8)
    runner = CliRunner()
    result = runner.invoke(main, ["analyze", str(tmp_path / "junk.bin"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 3
    assert "junk.bin" in result.stderr
    assert runner.invoke(main, ["analyze", "--out", str(tmp_path / "o")]).exit_code == 2


def test_help_teaches_by_example() -> None:
    for command in (["--help"], ["analyze", "--help"], ["ingest", "--help"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0
        assert "Example" in result.output and "Exit codes" in result.output


def test_the_sample_articles_give_a_valid_report(tmp_path: Path) -> None:
    seeds = shared_path("seeds")
    result = CliRunner().invoke(main, ["analyze", str(seeds), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    validate(report)
    assert span_errors(report) == []
    assert len(report["articles"]) == len(list(seeds.glob("*.txt")))


def test_search_finds_across_clitics_and_prints_json(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", db])
    result = runner.invoke(main, ["search", "والمحادثات", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["total"] == 1
    human = runner.invoke(main, ["search", "الإصابة", "--db", db])
    assert "1 results" in human.stdout and "المنطقة" in human.stdout


def test_an_inferred_publication_date_survives_the_stored_findings(tmp_path: Path) -> None:
    text = "الرياض - 5 أغسطس 2031: أعلنت وزارة النقل افتتاح طريق جديد يربط المدينتين خلال الشهر المقبل.\n"
    (tmp_path / "dated.txt").write_text(text, encoding="utf-8")
    db, out = str(tmp_path / "n.db"), str(tmp_path / "out")
    result = CliRunner().invoke(
        main, ["analyze", str(tmp_path / "dated.txt"), "--db", db, "--out", out, "-q"]
    )
    assert result.exit_code == 0, result.output
    article = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["articles"][0]
    assert (article["published"], article["published_inferred"]) == ("2031-08-05", True)


def test_analyze_into_a_new_store_gives_the_report_of_ingest_then_analyze(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in")
    runner = CliRunner()
    streamed = runner.invoke(
        main, ["analyze", str(tmp_path / "in"), "--db", str(tmp_path / "a.db"), "--out", str(tmp_path / "a")]
    )
    assert streamed.exit_code == 1, streamed.output
    assert (
        runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "b.db")]).exit_code == 1
    )
    stored = runner.invoke(main, ["analyze", "--db", str(tmp_path / "b.db"), "--out", str(tmp_path / "b")])
    assert stored.exit_code == 0, stored.output
    text = (tmp_path / "a" / "report.json").read_text(encoding="utf-8")
    assert text == (tmp_path / "b" / "report.json").read_text(encoding="utf-8")
    assert "marsad: 2 articles" in streamed.stderr
    assert not list((tmp_path / "a").glob("*.part"))


def test_a_large_corpus_page_shows_its_top_stories_and_the_json_holds_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.report import excerpt

    monkeypatch.setattr(excerpt, "FULL_PAGE", 1)
    write_inputs(tmp_path / "in")
    db = str(tmp_path / "news.db")
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "in"), "--db", db, "--out", str(tmp_path)])
    assert result.exit_code == 1, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    validate(report)
    assert len(report["articles"]) == 2 and span_errors(report) == []
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert f"marsad serve --db {db}" in html and "تقرير 2 مقالات" in html
    assert "marsad: 2 articles" in result.stdout and "wrote" in result.stdout


def test_analyze_into_a_store_indexes_its_report_for_serve(tmp_path: Path) -> None:
    from marsad.store.sqlite import Store
    from marsad.web.index import index_key

    write_inputs(tmp_path / "in")
    db = tmp_path / "news.db"
    result = CliRunner().invoke(
        main, ["analyze", str(tmp_path / "in"), "--db", str(db), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1, result.output
    with Store(db) as store, store.latest_report_body() as body:
        assert body is not None and index_key(tmp_path / "news.db.index") == body[0]


def test_a_grown_large_store_reuses_report_pieces_and_pages_its_top_stories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.report import excerpt

    monkeypatch.setattr(excerpt, "FULL_PAGE", 1)
    write_inputs(tmp_path / "in")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "three.txt").write_text(ONE.replace("الأربعاء", "الخميس"), encoding="utf-8")
    db, runner = str(tmp_path / "news.db"), CliRunner()
    assert (
        runner.invoke(
            main, ["analyze", str(tmp_path / "in"), "--db", db, "--out", str(tmp_path / "a")]
        ).exit_code
        == 1
    )
    grown = runner.invoke(main, ["analyze", str(tmp_path / "more"), "--db", db, "--out", str(tmp_path / "b")])
    assert grown.exit_code == 0, grown.output
    report = json.loads((tmp_path / "b" / "report.json").read_text(encoding="utf-8"))
    validate(report)
    assert len(report["articles"]) == 3 and span_errors(report) == []
    html = (tmp_path / "b" / "report.html").read_text(encoding="utf-8")
    assert "تقرير 3 مقالات" in html and "marsad: 3 articles" in grown.stdout
    again = runner.invoke(main, ["analyze", "--db", db, "--out", str(tmp_path / "c")])
    assert (tmp_path / "c" / "report.json").read_text("utf-8") == (tmp_path / "b" / "report.json").read_text(
        "utf-8"
    )
    assert again.exit_code == 0
