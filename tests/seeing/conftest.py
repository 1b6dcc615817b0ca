"""Fixtures of the picture tests: each renderer in turn, no renderer at all, a real browser."""

import shutil
import tempfile

import pytest

from autograd_core.seeing import renderers
from autograd_core.seeing.renderers import available_renderers
from picture_measures import RENDERER_ABSENT

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-quic", "--no-first-run", "--hide-scrollbars",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(params=renderers.RENDERERS)
def renderer(request):
    """Each renderer in turn; skipped, with the reason, when it is absent here."""
    if request.param not in available_renderers():
        pytest.skip(RENDERER_ABSENT[request.param])
    return request.param


@pytest.fixture
def any_renderer():
    """The first renderer available (for tests about what is drawn, not how)."""
    available = available_renderers()
    if not available:
        pytest.skip("no Graphviz renderer is installed")
    return available[0]


@pytest.fixture
def no_renderer(monkeypatch):
    monkeypatch.setattr(renderers, "_is_available", lambda name: False)


def start_browser(width, height):
    """Headless Chromium at ``width`` × ``height``, driven by selenium; skips without them."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("Chromium and its driver are not installed "
                    "(Debian: apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.binary_location = chromium
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.profile_folder = profile
    return driver


def stop_browser(driver):
    driver.quit()
    shutil.rmtree(driver.profile_folder, ignore_errors=True)


@pytest.fixture
def browser():
    """A browser window of 1400 × 900."""
    driver = start_browser(1400, 900)
    try:
        yield driver
    finally:
        stop_browser(driver)


@pytest.fixture
def projector():
    """A browser whose page is exactly 1920 × 1080 CSS pixels: a projector, full screen."""
    driver = start_browser(1920, 1080)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False})
    try:
        yield driver
    finally:
        stop_browser(driver)
