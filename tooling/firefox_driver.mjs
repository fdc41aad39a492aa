// Firefox for the engine tests: one headless Firefox ESR (WebDriver BiDi, puppeteer-core)
// driven by tooling/drivers.py through JSON lines on stdin/stdout.
//   node tooling/firefox_driver.mjs /usr/bin/firefox-esr
// Each request {id, op, ...} gets one answer {id, value} or {id, error}:
//   version                  the browser's version ("firefox/153.8.0")
//   goto {url}               open url in the tab (a new document: Python starts anew)
//   reload                   reload the page
//   eval {expression}        evaluate a JavaScript expression in the page, awaiting a promise
//   type {selector, text}    click the element, select all, delete, type text (key by key)
//   errors                   the page's uncaught errors since the last ask
//   close                    close the browser and exit
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const executablePath = process.argv[2] || "/usr/bin/firefox-esr";
const launching = Date.now();
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true,
  // puppeteer waits 30 s by default; a first start on a busy CI machine has taken
  // longer (35 s seen here). Playwright waits 180 s for Chromium; so do we.
  timeout: 180_000,
  protocolTimeout: 600_000,
  defaultViewport: { width: 1280, height: 900 },
});
process.stderr.write(`Firefox started in ${((Date.now() - launching) / 1000).toFixed(1)} s\n`);
const page = (await browser.pages())[0] ?? await browser.newPage();
page.setDefaultTimeout(120_000);
let errors = [];
page.on("pageerror", (err) => errors.push(String(err?.message ?? err)));

const ops = {
  version: () => browser.version(),
  async goto({ url }) { await page.goto(url, { waitUntil: "load", timeout: 120_000 }); },
  async reload() { await page.reload({ waitUntil: "load", timeout: 120_000 }); },
  eval: ({ expression }) => page.evaluate(expression),
  async type({ selector, text }) {
    await page.click(selector);
    await page.keyboard.down("Control");
    await page.keyboard.press("KeyA");
    await page.keyboard.up("Control");
    await page.keyboard.press("Delete");
    await page.keyboard.type(text);
  },
  errors() { const seen = errors; errors = []; return seen; },
  async close() { await browser.close(); process.exit(0); },
};

const send = (answer) => process.stdout.write(JSON.stringify(answer) + "\n");
send({ id: 0, value: "started" });
// one request at a time, in order
let chain = Promise.resolve();
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  chain = chain.then(async () => {
    const { id, op, ...args } = JSON.parse(line);
    try {
      send({ id, value: (await ops[op](args)) ?? null });
    } catch (err) {
      send({ id, error: String(err?.stack ?? err) });
    }
  });
}).on("close", async () => { await chain; await browser.close(); process.exit(0); });
