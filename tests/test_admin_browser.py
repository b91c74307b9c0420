"""The editor's path through the admin in a real headless Chromium."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import Claim, Evidence, Verdict
from tests.conftest import SEED
from tests.factories import make_editor, make_publisher

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


# Screenshots of the admin, kept after the run (CI keeps the folder as an artifact).
ARTIFACTS = Path(
    os.environ.get("FACTCHECK_TEST_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts")
)


class Clicks:
    """Clicks an editor makes, counted: the desk's cost from the queue to a published verdict."""

    def __init__(self, browser):
        self.browser = browser
        self.count = 0

    def __call__(self, element, *, loads_a_page: bool = True):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        self.count += 1
        page = self.browser.find_element(By.TAG_NAME, "html")
        element.click()
        if loads_a_page:
            # Read nothing of the old page while the new one loads.
            WebDriverWait(self.browser, 15).until(expected_conditions.staleness_of(page))


def log_in(browser, live_server, username, password):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/admin/")
    assert "/admin/login/" in browser.current_url
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda driver: "/admin/login/" not in driver.current_url)


def test_editor_drafts_and_a_publisher_publishes_from_the_queue(browser, live_server, record_property):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    call_command("ingest", str(SEED), "--sync", stdout=None)
    make_editor(username="desk", password="correct-horse-battery")
    make_publisher(username="chief", password="correct-horse-battery")
    top = Claim.objects.triage_queue().first()
    click = Clicks(browser)

    log_in(browser, live_server, "desk", "correct-horse-battery")
    assert "Claims, sources and verdicts" in browser.title
    assert "Awaiting triage" in browser.find_element(By.ID, "desk-summary").text
    browser.find_element(By.ID, "desk-summary").find_element(By.TAG_NAME, "svg")

    # The queue: claims awaiting triage, most check-worthy first; open the top one.
    browser.get(f"{live_server.url}/admin/claims/claim/")
    rows = browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    assert len(rows) == Claim.objects.filter(review_state="new").count() > 0
    click(rows[0].find_element(By.CSS_SELECTOR, "th a"))
    assert f"/admin/claims/claim/{top.pk}/change/" in browser.current_url
    assert top.appearances.first().claimant_text in browser.find_element(By.ID, "desk-appearances").text

    click(browser.find_element(By.XPATH, "//button[text()='Assign to me']"))
    assert "Assigned to you." in browser.find_element(By.CSS_SELECTOR, ".messagelist").text

    # Evidence, in the claim page's inline.
    click(browser.find_element(By.PARTIAL_LINK_TEXT, "Add another Evidence"), loads_a_page=False)
    browser.find_element(By.NAME, "evidence-0-url").send_keys("https://example.org/pentagon-briefing")
    browser.find_element(By.NAME, "evidence-0-excerpt").send_keys("The Pentagon put the figure at 8,000.")
    Select(browser.find_element(By.NAME, "evidence-0-stance")).select_by_value("refutes")
    click(browser.find_element(By.NAME, "_continue"))
    assert "was changed successfully" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text

    # The draft verdict, citing that evidence.
    click(browser.find_element(By.ID, "desk-write-verdict"))
    Select(browser.find_element(By.NAME, "status")).select_by_value("disputed")
    browser.find_element(By.NAME, "explanation").send_keys("The Pentagon later put the figure at 8,000.")
    click(browser.find_element(By.CSS_SELECTOR, "input[name=evidence]"), loads_a_page=False)
    click(browser.find_element(By.NAME, "_save"))
    assert "Draft verdict saved" in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    assert "publish permission" in browser.find_element(By.ID, "desk-workflow").text  # not theirs to publish

    # A second session, as a publisher.
    log_in(browser, live_server, "chief", "correct-horse-battery")
    browser.get(f"{live_server.url}/admin/claims/claim/{top.pk}/change/")
    click(browser.find_element(By.ID, "desk-publish"))
    assert "Verdict published." in browser.find_element(By.CSS_SELECTOR, ".messagelist").text

    verdict = Verdict.objects.get(claim=top)
    assert (verdict.status, verdict.is_published, verdict.author.username) == ("disputed", True, "desk")
    assert [e.url for e in verdict.evidence.all()] == ["https://example.org/pentagon-briefing"]
    top.refresh_from_db()
    assert (top.status, top.review_state, top.assignee.username) == ("disputed", "published", "desk")
    who = {
        (r.history_user.username if r.history_user else None, r.history_change_reason)
        for r in top.history.all()
    }
    assert {("desk", "assigned to desk"), ("desk", "verdict drafted"), ("chief", "verdict published")} <= who
    assert Evidence.history.get(claim_id=top.pk).history_user.username == "desk"
    history = browser.find_element(By.ID, "desk-history").text
    assert "chief" in history and "verdict published" in history
    assert "superseded" not in browser.find_element(By.ID, "desk-verdicts").text

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "claim-page-published.png"
    browser.set_window_size(1400, 2400)
    assert browser.save_screenshot(str(shot))
    record_property("screenshot", str(shot))
    record_property("clicks_from_queue_to_published", click.count)
    print(f"screenshot: {shot}; clicks from the queue to a published verdict: {click.count}")
    assert click.count == 8
