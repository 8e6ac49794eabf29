"""A principal starts a ZIP of many dossiers; a real `rq worker` builds it while the page's
progress bar moves; the download link appears when it completes. Screenshots of the job's page
(desktop and phone) go to $SHOTS_DIR when set."""

from __future__ import annotations

import os
import threading
import zipfile
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from academy.enums import Role
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, make_driver, make_user
from tests.jobs.conftest import queued  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SHOTS_DIR")


@pytest.fixture
def served(queued):  # noqa: F811
    server = make_server("127.0.0.1", 0, queued, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_the_progress_bar_completes_and_the_zip_downloads(browser, queued, served, tmp_path):  # noqa: F811
    from tests.dossiers.conftest import make_race

    principal = make_user(Role.PRINCIPAL, name="Principal Okafor")
    for name in (
        "Ren Sato",
        "Thanakorn Srisuk",
        "Kim Min-jun",
        "Li Haoran",
        "Aiko Mori",
        "Nam Tran",
    ):
        make_race(make_driver(legal_name=name, consent_scouting=True))
    queued.workers.start()

    context = browser.new_context(base_url=served, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    sign_in(page, principal.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.goto("/scouting")
    page.check("#select-all")
    page.click("#batch-download")
    page.wait_for_url("**/jobs/*")
    assert page.locator("#job-progress").count() == 1
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "job-zip-running-desktop.png"), full_page=True)
    page.wait_for_selector("#job-download:not([hidden])")
    progress = page.locator("#job-progress")
    assert progress.get_attribute("max") == progress.evaluate("bar => String(bar.value)")
    assert "Done" in page.locator("#job-state").inner_text()
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "job-zip-done-desktop.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(Path(SHOTS) / "job-zip-done-phone.png"), full_page=True)
    with page.expect_download() as download_info:
        page.click("#job-download-link")
    saved = tmp_path / "batch.zip"
    download_info.value.save_as(saved)
    pdfs = [n for n in zipfile.ZipFile(saved).namelist() if n.endswith(".pdf")]
    assert len(pdfs) == 6
    context.close()
