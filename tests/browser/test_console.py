"""Any console error fails a browser test (conftest.py): `console.error`, an uncaught
exception, a resource answering 404; a status the test causes on purpose is declared with
`console_errors.allow(status)` and nothing else is excused."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ConsoleErrors, _close, _new_context

BREAK = """() => {
  console.error("boom from the page");
  setTimeout(() => { throw new Error("uncaught in a timer"); }, 0);
  const img = document.createElement("img");
  img.src = "/static/no-such-image.png";
  document.body.appendChild(img);
}"""


def _failure_of_a_broken_page(browser, live_server, errors: ConsoleErrors) -> str:
    """The message with which closing the context fails after the page broke in three ways."""
    context = _new_context(browser, [], [], errors)
    page = context.new_page()
    page.goto(live_server("/"))
    page.evaluate(BREAK)
    page.wait_for_timeout(500)
    with pytest.raises(AssertionError) as failure:
        _close(context, [], errors)
    return str(failure.value)


def test_console_errors_page_errors_and_404s_fail_the_test(browser, live_server):
    message = _failure_of_a_broken_page(browser, live_server, ConsoleErrors())
    assert "boom from the page" in message
    assert "uncaught in a timer" in message
    assert "status of 404" in message


def test_only_the_declared_status_is_excused(browser, live_server):
    errors = ConsoleErrors()
    errors.allow(404)
    message = _failure_of_a_broken_page(browser, live_server, errors)
    assert "status of 404" not in message
    assert "boom from the page" in message


@pytest.mark.parametrize("path", ["/", "/evenements/", "/thematiques/", "/bilan/", "/prix/"])
def test_public_pages_load_without_console_error(page, live_server, path):
    """The fixture's check on plain page loads (the favicon used to be a 404 on every page)."""
    page.goto(live_server(path))
    page.wait_for_load_state("networkidle")
