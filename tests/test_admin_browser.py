"""The editor's path through the admin in a real headless Chromium."""

import shutil
import tempfile

import pytest
from django.core.management import call_command

from claims.models import Claim
from sources.models import Article
from tests.conftest import SEED
from tests.factories import make_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(
            "Debian's chromium and chromium-driver are not installed (python3 dev.py test installs them)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="factcheck-chromium-")
    for flag in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_editor_logs_in_finds_a_claim_and_publishes_a_verdict(browser, live_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    call_command("ingest", str(SEED), "--sync", stdout=None)
    make_editor(username="desk", password="correct-horse-battery")

    browser.get(f"{live_server.url}/admin/")
    assert "/admin/login/" in browser.current_url
    browser.find_element(By.NAME, "username").send_keys("desk")
    browser.find_element(By.NAME, "password").send_keys("correct-horse-battery")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda driver: "/admin/login/" not in driver.current_url)
    assert "Claims, sources and verdicts" in browser.title

    browser.get(f"{live_server.url}/admin/claims/claim/")
    rows = browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    assert len(rows) == Claim.objects.count() > 0
    browser.find_element(By.PARTIAL_LINK_TEXT, "3,000 North Korean troops").click()

    page = browser.find_element(By.TAG_NAME, "body").text
    assert "Approximately 3,000 North Korean troops are believed to have been sent" in page  # the sentence
    assert str(Article.objects.get())[:60] in page  # the article it appeared in
    browser.find_element(By.PARTIAL_LINK_TEXT, "Write a verdict on this claim").click()
    Select(browser.find_element(By.NAME, "status")).select_by_value("disputed")
    browser.find_element(By.NAME, "explanation").send_keys("The Pentagon later put the figure at 8,000.")
    browser.find_element(By.NAME, "is_published").click()
    browser.find_element(By.NAME, "_save").click()

    assert "was added successfully" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    claim = Claim.objects.get(text__contains="3,000")
    assert claim.status == Claim.Status.DISPUTED
    assert claim.verdicts.get().explanation == "The Pentagon later put the figure at 8,000."
