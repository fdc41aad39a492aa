"""One small interface over the two other engines the tests drive, so every check is written once.

``Firefox``: headless Firefox ESR over WebDriver BiDi (puppeteer-core), through
firefox_driver.mjs (beside this file), a node process answering JSON lines. ``WebKit``: WebKitGTK's
MiniBrowser through WebKitWebDriver (Selenium) on an Xvfb display of its own;
``ipad=True`` gives it an iPad's user agent. Both offer:

    goto(url, mounted=True)  (then wait until the page's cells and widgets are built)
    open(url)           follow a link to url as a reader would (instant navigation keeps
                        the page's Python) where the page can, else goto(url)
    reload(), type(selector, text), errors(),
    call(name, *args)  ->  globalThis.__nnbookChecks[name](...args) in the page (in_page.js)
    close()
"""

from __future__ import annotations

import json
import re
import os
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
IN_PAGE = (ROOT / "tests" / "engines" / "in_page.js").read_text()   # the checks the tests run in the page
# an iPad's Safari as it names itself when it asks for the mobile site (iPadOS 17)
IPAD_USER_AGENT = ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                   "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")


def call_expression(name: str, args) -> str:
    """A JavaScript expression: the checks defined, then one of them called (a promise)."""
    return (f"(async () => {{ {IN_PAGE}\n"
            f"return await globalThis.__nnbookChecks[{json.dumps(name)}](...{json.dumps(list(args))}); }})()")


class EngineError(AssertionError):
    pass


class Engine:
    def open(self, url, timeout=60.0):
        """Go to `url` by a link when the page moves by instant navigation; True if it did."""
        if not self.call("canFollow", url):
            self.goto(url)
            return False
        self.call("follow", url)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                landed = self.call("landed", url)
            except Exception:  # the page became a new document meanwhile
                landed = None
            if landed:
                return landed["samePage"]
            time.sleep(0.1)
        raise EngineError(f"{url}: not mounted within {timeout} s of following a link to it")


class Firefox(Engine):
    name = "firefox"

    def __init__(self, executable: str):
        self.log = tempfile.NamedTemporaryFile("w+", prefix="nnbook-firefox-", suffix=".log")
        self.process = subprocess.Popen(
            ["node", str(HERE / "firefox_driver.mjs"), executable], cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log)
        self.next_id = 0
        self._answer(0)  # "started": the browser is up
        self.version = self._ask("version").replace("firefox/", "Firefox ")  # "Firefox 153.8.0"
        self.log.seek(0)
        started = re.search(r"Firefox started in ([0-9.]+) s", self.log.read())
        # a slow start shows in the summary before it becomes a failure
        self.start_seconds = float(started.group(1)) if started else None

    def _answer(self, id_):
        line = self.process.stdout.readline()
        if not line:
            self.log.seek(0)
            raise EngineError(f"the Firefox driver ended: {self.log.read()[-3000:]}")
        answer = json.loads(line)
        assert answer["id"] == id_, answer
        if "error" in answer:
            raise EngineError(answer["error"])
        return answer["value"]

    def _ask(self, op, **args):
        self.next_id += 1
        self.process.stdin.write(json.dumps({"id": self.next_id, "op": op, **args}) + "\n")
        self.process.stdin.flush()
        return self._answer(self.next_id)

    def goto(self, url, mounted=True):
        self._ask("goto", url=url)
        self._ask("errors")  # those of the previous page are not this one's
        if mounted:
            self.call("mounted", 60_000)

    def reload(self):
        self._ask("reload")
        self.call("mounted", 60_000)

    def call(self, name, *args):
        return self._ask("eval", expression=call_expression(name, args))

    def type(self, selector, text):
        self._ask("type", selector=selector, text=text)

    def errors(self):
        """The page's uncaught errors since it opened (all of them: BiDi reports them from the start)."""
        return self._ask("errors")

    def close(self):
        try:
            self._ask("close")
        except EngineError:
            pass
        self.process.wait(timeout=30)
        self.log.close()


class WebKit(Engine):
    name = "webkit"

    def __init__(self, minibrowser: str, ipad: bool = False):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        self.ipad = ipad
        self.xvfb = None
        env = dict(os.environ)
        if os.geteuid() == 0:
            # WebKit's sandbox (bubblewrap) hangs the start as root in a container
            env["WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS"] = "1"
        if os.path.exists("/usr/bin/Xvfb"):
            # a display of our own: Xvfb picks a free number and writes it to the pipe
            read, write = os.pipe()
            self.xvfb = subprocess.Popen(
                ["/usr/bin/Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            os.close(write)
            with os.fdopen(read) as pipe:
                env["DISPLAY"] = ":" + pipe.readline().strip()
        options = Options()
        options.binary_location = minibrowser
        options.add_argument("--automation")
        if ipad:
            options.add_argument(f"--user-agent={IPAD_USER_AGENT}")
        service = Service(executable_path="/usr/bin/WebKitWebDriver", env=env)
        try:
            with warnings.catch_warnings():  # Selenium's own WebKitGTK start calls what it deprecated
                warnings.filterwarnings("ignore", "setting remote_server_addr", DeprecationWarning)
                self.driver = webdriver.WebKitGTK(options=options, service=service)
        except Exception:
            self._stop_xvfb()
            raise
        self.driver.set_script_timeout(600)
        self.driver.set_page_load_timeout(120)
        self.driver.set_window_size(1280, 900)
        self.version = "WebKitGTK " + self.driver.capabilities.get("browserVersion", "?")

    def goto(self, url, mounted=True):
        self.driver.get(url)
        if mounted:
            self.call("mounted", 60_000)  # and from now on, listen for the page's errors

    def reload(self):
        self.driver.refresh()
        self.call("mounted", 60_000)

    def call(self, name, *args):
        return self.driver.execute_script("return " + call_expression(name, args))

    def type(self, selector, text):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        element = self.driver.find_element(By.CSS_SELECTOR, selector)
        element.click()
        time.sleep(0.2)  # let the editor take the focus before the first key
        # CodeMirror reads an iPad's user agent as Apple's: select all is Command+A there
        element.send_keys(Keys.COMMAND if self.ipad else Keys.CONTROL, "a")
        element.send_keys(Keys.DELETE)
        time.sleep(0.4)  # on iOS CodeMirror holds Delete back a moment (it waits for the DOM to change)
        element.send_keys(text)

    def errors(self):
        """The page's uncaught errors since the checks were first sent (just after it loaded:
        WebKitWebDriver has no way to listen from the start)."""
        return self.call("errors")

    def _stop_xvfb(self):
        if self.xvfb:
            self.xvfb.terminate()
            self.xvfb.wait(timeout=10)

    def close(self):
        try:
            self.driver.quit()
        finally:
            self._stop_xvfb()

