"""End to end in headless Chromium: pages load, links lead on, search works, hostile text stays text."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from marsad.web.app import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
SCREENSHOTS = Path(os.environ.get("MARSAD_SCREENSHOTS", "")) if os.environ.get("MARSAD_SCREENSHOTS") else None

if not (CHROMIUM and DRIVER):
    if os.environ.get("CI") == "true":
        pytest.fail("chromium and chromedriver must be installed under CI (see .ci/run)", pytrace=False)
    pytest.skip("chromium or chromedriver is not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(analysed_db: Path) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(create_app(analysed_db), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1600",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_click_from_story_to_article_and_entity_then_search(server: str, browser: webdriver.Chrome) -> None:
    browser.get(server + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    browser.find_element(By.LINK_TEXT, "المبادرة الإقليمية").click()
    assert browser.current_url.endswith("/stories/s-1")
    assert "الملخص" in browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_elements(By.CSS_SELECTOR, "#graph canvas"), "the graph library drew nothing"
    if SCREENSHOTS:
        browser.save_screenshot(str(SCREENSHOTS / "story.png"))
    browser.find_element(By.LINK_TEXT, "الوزير يدعم المبادرة").click()
    assert "/articles/" in browser.current_url
    browser.find_element(By.CSS_SELECTOR, "article.text .entity.person a").click()
    assert browser.current_url.endswith("/entities/p-sami")
    assert "سامي خليل" in browser.find_element(By.TAG_NAME, "h1").text
    box = browser.find_element(By.CSS_SELECTOR, "form.quick input[name=q]")
    box.send_keys("والمبادرة")
    box.submit()
    marks = browser.find_elements(By.CSS_SELECTOR, "ol.results mark")
    assert marks and all("المبادرة" in m.text for m in marks)
    browser.get(server + "/outlets/beta.net")
    assert "beta.net" in browser.find_element(By.TAG_NAME, "h1").text
    assert "زعم" in browser.find_element(By.TAG_NAME, "main").text


def test_hostile_article_text_is_shown_never_run(server: str, browser: webdriver.Chrome) -> None:
    browser.get(server + "/stories/s-1")
    browser.find_element(By.PARTIAL_LINK_TEXT, "<b>عنوان</b>").click()
    assert browser.title != "PWNED"
    assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-pwned") is None
    text = browser.find_element(By.CSS_SELECTOR, "article.text").text
    assert "<script>" in text and "onerror" in text
    assert not browser.find_elements(
        By.CSS_SELECTOR, "article.text img, article.text script, article.text a[href^=javascript]"
    )
