"""Fixtures of the picture tests: each renderer in turn, no renderer at all, a real browser."""


import pytest

from autograd_core.seeing import renderers
from autograd_core.seeing.renderers import available_renderers
from browser import start_browser, stop_browser
from picture_measures import RENDERER_ABSENT



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
