"""Driving the book as a reader does, for the browser tests: a page opened once it is ready, its
cells (by their ids in the Markdown) and widgets, and waits for what follows an update."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tooling.browser import wait_until  # noqa: F401  (one way to wait on a page, shared with bench/)

FINISHED = "done|error"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def cell(page, n):
    """A cell: `n` is its id in the Markdown (```python run id=NAME```, or an exercise's id), which
    stays when the text around it moves; or, on a page of one or two cells (the scratchpad), its
    number (1-based), found by its accessible name (either language). Every helper below that
    takes `n` takes either."""
    if isinstance(n, str):
        return page.locator(f"div.nb-cell[data-id='{n}']")
    ja = page.locator("html[lang^='ja']").count()
    return page.get_by_role("group", name=f"コードセル {n}" if ja else f"Code cell {n}", exact=True)


def set_code(page, n, code):
    editor = cell(page, n).get_by_role("textbox")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def press(button):
    """Click a button as a reader does: in view, once the page around it has stopped moving.
    A code editor scrolled into view measures its lines and may grow by one (a wrapped line
    it had estimated), and the page moves by that line; a click landing then is lost."""
    in_view = "b => { const r = b.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    if not button.evaluate(in_view):
        button.scroll_into_view_if_needed()
        box = None
        for _ in range(30):
            now = button.bounding_box()
            if now == box:
                break
            box = now
            button.page.wait_for_timeout(100)
    button.click()


def run(page, n, code=None, state="done", timeout=90_000):
    """Optionally type code, press Run, wait for the cell to finish."""
    if code is not None:
        set_code(page, n, code)
    c = cell(page, n)
    press(c.get_by_role("button", name="Run", exact=True))
    expect(c).to_have_attribute("data-state", state, timeout=timeout)
    return c


def output(page, n):
    return cell(page, n).locator(".nb-cell__output")


def python_status(page):
    """The Python toolbar's status line (a page may have other status lines: exercise progress)."""
    return page.get_by_role("toolbar", name="Python").get_by_role("status")


# Recorded from the first paint of every page the tests open (tests/conftest.py adds it):
# the layout shifts no input caused, as Chrome reports them (PerformanceObserver), each with
# its time. settled_layout_shift leaves aside a shift within 300 ms of a web font's arrival:
# a formula's font that comes after the first paint re-flows its paragraph on any page (the
# head preloads the two main ones; on a busy machine they can still come late: measured,
# KaTeX_Main-Regular held back 2.5 s moves chapter 6's first phone screen by 0.11), which is the
# font's doing, not the page's as Python and the widgets get ready.
LAYOUT_SHIFTS = """
globalThis.__nbShifts = [];
globalThis.__nbFonts = [];
document.fonts?.addEventListener("loadingdone", () => globalThis.__nbFonts.push(performance.now()));
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) globalThis.__nbShifts.push([e.startTime, e.value]);
  }).observe({ type: "layout-shift", buffered: true });
} catch { /* an engine without layout-shift entries */ }
"""


# A page is ready for a test when the product says so, all at one moment: its content is mounted
# and its formulas typeset (js/main.mjs: <html data-nnbook="ready">), no widget waits for Python
# (js/widgets/registry.mjs: [data-waiting] until a widget's first answer; a widget's own
# data-state="waiting" until it has drawn it, as js/widgets/kit/frame.css greys both) and
# Python is ready, not running a call (js/cells/page.mjs: the toolbar's data-state; a page
# without cells has none).
PAGE_READY = """() => document.documentElement.dataset.nnbook === 'ready'
  && !document.querySelector('[data-waiting], [data-state="waiting"]')
  && (document.querySelector('.nb-toolbar')?.dataset.state ?? 'ready') === 'ready'"""


def open_page(page, url, timeout=180_000):
    """Open `url` and wait until the page is ready for a test (PAGE_READY); returns the page.
    (A test of the page while it loads, or in reading mode, uses page.goto itself.)"""
    page.goto(url)
    wait_page_ready(page, timeout)
    return page


def wait_page_ready(page, timeout=180_000):
    """Wait until the open page is ready for a test (PAGE_READY): after a reload, say."""
    page.wait_for_function(PAGE_READY, timeout=timeout)


def widget(page, name):
    """The widget `name` of the page (`::: widget NAME` in the Markdown)."""
    return page.locator(f".nb-widget[data-widget='{name}']")


def settled_layout_shift(page, timeout=180_000):
    """The page's cumulative layout shift from load until every widget has answered and the
    cells and formulas are in place (PAGE_READY)."""
    wait_page_ready(page, timeout)
    page.wait_for_timeout(300)   # a shift is reported in the frame after it
    return page.evaluate("""() => {
      const font = (t) => globalThis.__nbFonts.some((arrived) => Math.abs(t - arrived) < 300);
      return globalThis.__nbShifts.filter(([t]) => !font(t)).reduce((a, [, v]) => a + v, 0);
    }""")


def wait_ready(page, timeout=90_000):
    expect(python_status(page)).to_have_text("Python: ready", timeout=timeout)


def eventually(page, read, ok, expected="", timeout=30_000):
    """What `read()` gives once `ok(value)` holds (a widget follows an update a moment later):
    for values the test computes from several elements; one element's text or attribute is
    expect(...)'s. Fails with the last value read (and `expected`, in words) if it never holds
    within `timeout` ms."""
    import time
    deadline = time.monotonic() + timeout / 1000
    while not ok(value := read()):
        if time.monotonic() > deadline:
            raise AssertionError(f"after {timeout} ms still {value!r}, expected {expected}")
        page.wait_for_timeout(100)
    return value


KEPT = "(url) => caches.open('nnbook-pages').then((c) => c.match(url)).then(Boolean)"


def wait_page_kept(page, url, timeout=120_000):
    """Wait until the service worker keeps `url` in its pages' cache: installed, active,
    and done with what its activation keeps (js/offline/sw.mjs)."""
    wait_until(page, KEPT, url, timeout)


def wait_snapshot_kept(page, timeout=90_000):
    """Wait until the service worker keeps Python's memory snapshot (js/offline/later.mjs:
    asked for on a visit it controls, once Python is ready and the browser idle)."""
    wait_until(page, """() => caches.match(new URL(nnbook.runtime.manifest.snapshot,
      nnbook.runtime.indexURL).href).then(Boolean)""", timeout=timeout)


def check(page, n, code=None):
    """Optionally type code, press an exercise's Check (either language); wait for its verdict."""
    if code is not None:
        set_code(page, n, code)
    press(cell(page, n).get_by_role("button", name=re.compile("^(Check|チェック)$")))
    feedback = cell(page, n).locator(".nb-feedback")
    expect(feedback).to_have_attribute("data-result", re.compile("pass|fail"), timeout=90_000)
    return feedback


def show_solution(page, n, which=None):
    """Press exercise n's Show solution; return the code of the solution it reveals:
    `which` is the exercise's id (n's, if n is one), or the solution's index on the page."""
    cell(page, n).get_by_role("button", name=re.compile("Show solution|解答を表示")).click()
    which = n if which is None else which
    solutions = page.locator("details.nb-solution")
    details = solutions.nth(which) if isinstance(which, int) else solutions.and_(
        page.locator(f'[data-for="{which}"]'))
    expect(details).to_be_visible()
    return details.locator("code").inner_text()


def expect_fail(page, n, code, *texts):
    """Type code into exercise n and Check it: it fails, and the feedback says each of `texts`."""
    feedback = check(page, n, code)
    expect(feedback).to_have_attribute("data-result", "fail")
    for text in texts:
        expect(feedback).to_contain_text(text)
    return feedback


def expect_pass(page, n, code):
    """Type code into exercise n and Check it: it passes, and the feedback says just that."""
    feedback = check(page, n, code)
    expect(feedback).to_have_attribute("data-result", "pass")
    expect(feedback).to_have_text("✓ Correct!")
    return feedback


def run_output(page, n, code=None, **kwargs):
    """run() cell n (same arguments); return its output, to expect things of."""
    run(page, n, code, **kwargs)
    return output(page, n)


def serious_axe_violations(page, selector=None):
    """Run axe-core on the page, or only on the elements `selector` matches: its serious and
    critical violations, each in words (rule, impact, help, the first targets and messages)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("(where) => axe.run(where ?? document, {resultTypes: ['violations']})", selector)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:4]} "
            f"{[n['any'][0]['message'][:90] for n in v['nodes'] if n['any']][:2]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def hold_python(page):
    """Hold back the Python runtime (its wasm file) of the pages `page` opens, so a test can
    see a widget as a reader does while Python loads; returns release(), which lets it through.
    Only a first visit can be held: a service worker answers from its cache, out of the route's
    reach (use the `first_visit_page` fixture)."""
    if page.context.service_workers:
        raise AssertionError("hold_python needs a first visit: this context already runs the book's service worker")
    held = []
    pattern = "**/pyodide.asm.wasm"
    hold = lambda route: held.append(route)  # noqa: E731  (Playwright wants a function of its own)
    page.route(pattern, hold)

    def release():
        for route in held:
            route.continue_()
        page.unroute(pattern, hold)
        return len(held)
    return release


def text_fits(locator):
    """True if the text a select shows (its selected option) or an input holds fits inside
    the control, padding and the select's arrow (in its padding) left aside."""
    return locator.evaluate("""(e) => {
      const cs = getComputedStyle(e);
      const probe = document.createElement("span");
      for (const k of ["fontFamily", "fontSize", "fontWeight", "fontStyle", "letterSpacing"]) probe.style[k] = cs[k];
      Object.assign(probe.style, { position: "absolute", whiteSpace: "pre", visibility: "hidden" });
      probe.textContent = e.selectedOptions ? e.selectedOptions[0].text : e.value;
      document.body.append(probe);
      const text = probe.getBoundingClientRect().width;
      probe.remove();
      const room = e.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      return e.scrollWidth <= e.clientWidth && text <= room;
    }""")


def stop_runaway(page, n=1):
    """Run an endless loop in cell n, press Stop; return the seconds Stop took
    (the page stays responsive meanwhile)."""
    import time
    set_code(page, n, "while True: pass")
    c = cell(page, n)
    c.get_by_role("button", name="Run", exact=True).click()
    expect(c).to_have_attribute("data-state", "running", timeout=90_000)
    page.wait_for_timeout(500)
    started = time.monotonic()
    assert page.evaluate("() => 'still responsive'") == "still responsive"
    c.get_by_role("button", name="Stop").click()
    expect(c).to_have_attribute("data-state", "error", timeout=2_000)
    return time.monotonic() - started


def fill_storage(page):
    """Fill the page's localStorage until not even two characters fit, as a full disk or a
    large store of another page of the site would."""
    assert page.evaluate("""() => {
        let chunk = 'x'.repeat(1 << 20);
        for (let i = 0; chunk.length && i < 500; i++) {
            try { localStorage.setItem('fill' + i, chunk); }
            catch { chunk = chunk.slice(chunk.length >> 1); }
        }
        try { localStorage.setItem('probe', 'xx'); return 'room left'; } catch { return 'full'; }
    }""") == "full"


# ---- what every reader's screen needs (tests/browser/test_screens.py) ----------------------------

SCREEN_MEASURES = r"""
(() => {
  const shown = (e) => e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const where = (e) => e.closest(".nb-widget")?.dataset.widget
    || (e.closest(".nb-cell__output, .nb-book-output") ? "output" : e.closest(".nb-cell") ? "cell" : "page");
  const name = (e) => where(e) + " " + (e.id ? "#" + e.id : "") + "." + [...e.classList].slice(0, 2).join(".") + " " + e.tagName.toLowerCase()
    + " '" + (e.getAttribute("aria-label") || e.textContent || e.value || "").trim().slice(0, 30) + "'";
  // a visually hidden element (screen readers' words) is not drawn text, nor a target
  const srOnly = (e) => { const r = e.getBoundingClientRect(); return r.width <= 2 || r.height <= 2; };
  const targets = (min) => {
    const found = [];
    const all = document.querySelectorAll("button, input[type=range], input[type=checkbox], input[type=radio], [role=slider], [role=button]:not(a), [role=radio], [role=checkbox]");
    for (const e of all) {
      if (!shown(e) || e.closest("[inert], .md-sidebar, .md-search, .md-header, .md-footer, [hidden]")) continue;
      if (e.disabled && e.matches("button")) continue;
      e.scrollIntoView({ block: "center", inline: "center" });
      // the target: the control, with a checkbox's or a radio's labels (a tap on them ticks it), as drawn
      const taps = e.matches("input[type=checkbox], input[type=radio]") ? [...e.labels] : [];
      const boxes = [e, ...taps].map((x) => x.getBoundingClientRect()).filter((q) => q.width && q.height);
      if (!boxes.length) continue;
      const r = { left: Math.min(...boxes.map((q) => q.left)), right: Math.max(...boxes.map((q) => q.right)),
                  top: Math.min(...boxes.map((q) => q.top)), bottom: Math.max(...boxes.map((q) => q.bottom)) };
      const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2, h = min / 2 - 2;   // a rounded corner aside
      const hits = (x, y) => {
        const at = document.elementFromPoint(x, y);
        return !!at && (e === at || e.contains(at) || taps.some((l) => l.contains(at))) || at;
      };
      const points = [[-h, -h], [0, -h], [h, -h], [-h, 0], [0, 0], [h, 0], [-h, h], [0, h], [h, h]];
      const missed = points.map(([dx, dy]) => hits(cx + dx, cy + dy)).filter((x) => x !== true);
      r.width = r.right - r.left; r.height = r.bottom - r.top;
      if (missed.length) found.push(`${name(e)} ${Math.round(r.width)}x${Math.round(r.height)} `
        + `(${missed.length}/9 missed, e.g. on ${missed[0] ? name(missed[0]).slice(0, 50) : "nothing"})`);
    }
    return found;
  };
  const text = (min) => {
    const found = [];
    const walk = document.createTreeWalker(document.querySelector(".md-main") || document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const e = n.parentElement;
      if (!n.data.trim() || !e || !shown(e) || srOnly(e) || e.closest(".md-sidebar, [hidden]")) continue;
      let size = parseFloat(getComputedStyle(e).fontSize);
      if (e instanceof SVGElement) {
        const m = e.getScreenCTM();
        if (m) size *= Math.hypot(m.a, m.b);
      }
      if (size < min - 0.05) found.push(`${name(e).slice(0, 70)}: ${size.toFixed(1)} px`);
    }
    return found;
  };
  // Content cut: a text drawn partly outside an ancestor that hides its overflow on that axis,
  // with no scrolling box between them (a line cut short with an ellipsis says so itself).
  const clipped = () => {
    const found = [], styles = new Map();
    const style = (e) => styles.get(e) ?? styles.set(e, getComputedStyle(e)).get(e);
    const walk = document.createTreeWalker(document.querySelector(".md-content"), NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const e = n.parentElement;
      // (the editor's line numbers: CodeMirror sizes their column to its lines itself)
      if (!n.data.trim() || !e || !shown(e) || srOnly(e) || e.closest(".cm-gutters")) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const rects = [...range.getClientRects()].filter((q) => q.width && q.height);
      if (!rects.length) continue;
      const box = { left: Math.min(...rects.map((q) => q.left)), right: Math.max(...rects.map((q) => q.right)),
                    top: Math.min(...rects.map((q) => q.top)), bottom: Math.max(...rects.map((q) => q.bottom)) };
      let checkX = true, checkY = true;
      for (let a = e.parentElement; a && (checkX || checkY) && !a.matches(".md-content"); a = a.parentElement) {
        const cs = style(a);
        if (cs.textOverflow === "ellipsis" || srOnly(a)) break;
        const cut = (o) => o === "hidden" || o === "clip", scrolls = (o) => o === "auto" || o === "scroll";
        if (!cut(cs.overflowX) && !cut(cs.overflowY) && !scrolls(cs.overflowX) && !scrolls(cs.overflowY)) continue;
        const r = a.getBoundingClientRect();
        const bl = parseFloat(cs.borderLeftWidth), bt = parseFloat(cs.borderTopWidth);
        const inner = { left: r.left + bl, right: r.left + bl + a.clientWidth, top: r.top + bt, bottom: r.top + bt + a.clientHeight };
        const outX = checkX && cut(cs.overflowX) && (box.left < inner.left - 1 || box.right > inner.right + 1);
        const outY = checkY && cut(cs.overflowY) && (box.top < inner.top - 1 || box.bottom > inner.bottom + 1);
        if (outX || outY) {
          found.push(`${name(a)} cuts '${n.data.trim().slice(0, 20)}' ${outX ? "x" : ""}${outY ? "y" : ""}: `
            + `${Math.round(box.top - inner.top)}/${Math.round(inner.bottom - box.bottom)} px`);
          break;
        }
        if (scrolls(cs.overflowX)) checkX = false;
        if (scrolls(cs.overflowY)) checkY = false;
      }
    }
    return found;
  };
  // Text axe-core leaves aside (SVG text; the editor's line numbers, hidden from screen readers):
  // its colour against the background it is drawn on, WCAG AA.
  const contrast = () => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const found = [];
    for (const t of document.querySelectorAll(".md-content svg text, .md-content .cm-gutterElement")) {
      if (!shown(t) || !t.textContent.trim()) continue;
      const cs = getComputedStyle(t), svg = t.ownerSVGElement, colour = svg ? cs.fill : cs.color;
      if (colour === "none" || colour.startsWith("url")) continue;
      let bg = null;
      if (svg) {   // drawn on a shape of its drawing (a unit's circle)? then that shape's fill is its background
        const b = t.getBBox(), at = new DOMPoint(b.x + b.width / 2, b.y + b.height / 2).matrixTransform(t.getScreenCTM());
        for (const shape of svg.querySelectorAll("circle, rect, ellipse, path, polygon")) {
          if (shape.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_PRECEDING) break;
          if (shape.closest("defs, clipPath, mask, marker, pattern, symbol")) continue;   // drawn only through others
          const fill = getComputedStyle(shape).fill, c = rgb(fill);
          if (fill === "none" || !c.length || (c[3] ?? 1) < 0.5 || !shown(shape)) continue;
          if (shape.isPointInFill(at.matrixTransform(shape.getScreenCTM().inverse()))) bg = c.slice(0, 3);
        }
      }
      for (let a = svg || t; a && !bg; a = a.parentElement) {
        const c = rgb(getComputedStyle(a).backgroundColor);
        if (c.length === 3 || c[3] > 0.5) bg = c.slice(0, 3);
      }
      bg ??= rgb(getComputedStyle(document.body).backgroundColor).slice(0, 3);
      const f = rgb(colour), alpha = (f[3] ?? 1) * (svg ? parseFloat(cs.fillOpacity) : 1) * parseFloat(cs.opacity);
      const fg = f.slice(0, 3).map((v, i) => v * alpha + bg[i] * (1 - alpha));
      const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x), ratio = (hi + 0.05) / (lo + 0.05);
      const large = parseFloat(cs.fontSize) >= 24 || (parseFloat(cs.fontSize) >= 18.66 && +cs.fontWeight >= 700);
      if (ratio < (large ? 3 : 4.5)) found.push(`${name(t)} ${ratio.toFixed(2)}:1`);
    }
    return found;
  };
  return { targets, text, clipped, contrast };
})()
"""


def screen_measures(page, what, *args):
    """What a reader's screen shows wrong, each in words: `targets` (controls whose hit area, found
    by elementFromPoint, misses part of a min × min square), `text` (text drawn smaller than min
    px, SVG text at its scale on the screen), `clipped` (text drawn partly outside a box that hides its overflow, with no scrolling box between),
    `contrast` (text axe-core leaves aside, SVG text and line numbers, under WCAG AA contrast)."""
    return page.evaluate(f"(args) => ({SCREEN_MEASURES}).{what}(...args)", list(args))
