"""What the playground's page tests share: a headless Chromium at a desktop's size."""

import pytest

from browser import start_browser, stop_browser


@pytest.fixture
def browser():
    """Headless Chromium at 1920 × 1200 (skips without Chromium, its driver or selenium)."""
    driver = start_browser(1920, 1200)
    try:
        yield driver
    finally:
        stop_browser(driver)
