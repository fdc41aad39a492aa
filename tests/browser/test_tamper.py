"""What the book serves is what the build made (issue 20): a cell cannot reach the caches
the service worker serves from, and forged bytes written into any of them, under any key,
by any code of the site's origin, are never served: online or offline, in both languages."""

from playwright.sync_api import expect

from helpers import python_status, run_output, wait_ready
from test_offline import fresh, wait_controlled  # noqa: F401  (fixture)

# Every cache the site has, and the two runtime caches even if empty; every URL any of
# them holds, under its own key, without its query, with another query (?v=, ?q=1) and as
# a page's index.html: each gets bytes of the same type that would show if served.
FORGE = """async () => {
  const forged = (type) => type.includes("html")
    ? "<!doctype html><title>FORGED</title><body>FORGED</body>"
    : type.includes("javascript") ? "globalThis.__forged = true; try { document.title = 'FORGED'; } catch {}"
    : type.includes("css") ? "body::before { content: 'FORGED'; }" : "FORGED";
  const names = new Set([...(await caches.keys()), "nnbook-pages", "nnbook-files"]);
  const urls = new Map();   // url -> content type
  for (const name of names) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      urls.set(request.url, response.headers.get("Content-Type") || "");
    }
  }
  let count = 0;
  for (const name of names) {
    const cache = await caches.open(name);
    for (const [url, type] of urls) {
      const u = new URL(url);
      const bare = u.origin + u.pathname;
      const shapes = new Set([url, bare, bare + "?v=0", bare + "?q=1"]);
      if (bare.endsWith("/")) shapes.add(bare + "index.html");
      for (const key of shapes) {
        await cache.put(key, new Response(forged(type), { headers: { "Content-Type": type } }));
        count += 1;
      }
    }
  }
  return count;
}"""

REACH = """import js
print(js.eval("typeof caches"), js.eval("typeof Worker"),
      js.eval("String(Object.getOwnPropertyDescriptor(WorkerGlobalScope.prototype, 'caches')?.value)"))"""


def expect_genuine(page, url, lang):
    response = page.goto(url)
    assert response.from_service_worker
    expect(page).not_to_have_title("FORGED")
    assert "FORGED" not in page.content()
    assert page.evaluate("globalThis.__forged") is None
    assert page.locator("html").get_attribute("lang") == lang
    return response


def test_forged_cache_entries_are_never_served(fresh, base_url):  # noqa: F811
    page = fresh.new_page()
    page.goto(base_url + "scratchpad/")
    wait_controlled(page)
    page.reload()
    wait_ready(page)
    # A cell cannot reach the caches, nor a nested worker that would have them.
    expect(run_output(page, 1, REACH)).to_have_text("undefined undefined undefined")
    page.goto(base_url + "ja/scratchpad/")            # both languages' pages are kept
    expect(python_status(page)).to_have_text("Python: 準備完了", timeout=90_000)

    # Any other code of the site's origin can: forge every entry, then read the book online.
    assert page.evaluate(FORGE) > 100
    expect_genuine(page, base_url + "ja/scratchpad/", "ja")
    expect(python_status(page)).to_have_text("Python: 準備完了", timeout=90_000)
    expect_genuine(page, base_url + "scratchpad/", "en")
    expect(run_output(page, 1, "import numpy as np\nprint(np.arange(4).sum())")).to_have_text("6")

    # Offline, a page kept under its plain URL opens under another query too (?q=1, a search).
    fresh.set_offline(True)
    reader = fresh.new_page()
    response = expect_genuine(reader, base_url + "scratchpad/?q=1", "en")
    assert response.ok
    wait_ready(reader)                              # its scripts and Python from the precache

    # Forged again, offline: nothing forged is served, only the offline page or nothing.
    assert reader.evaluate(FORGE) > 100
    for url, lang in ((base_url + "scratchpad/", "en"), (base_url + "ja/scratchpad/", "ja"),
                      (base_url + "ja/scratchpad/?q=1", "ja")):
        response = expect_genuine(reader, url, lang)
        assert response.status == 503
    fresh.set_offline(False)
