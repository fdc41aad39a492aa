// Predict, then run: a question (a `!!! question` admonition) the reader answers before the cell
// under it runs (py/sitebuild/cells.py: a `python predict` block between the two). The reader picks
// one of the question's numbered choices, or types a number, and commits; or skips. Until then the
// cell's book output is held back (cell.mjs); Run is never blocked (a run without a prediction is
// a skip). After the cell's run, the prediction's hidden code is evaluated in the page's namespace:
// its `answer` (and `why`) come from the run itself, and the page says whether the prediction held.
import { labels } from "../i18n.mjs";
import { button } from "./cell.mjs";
import { predictionOf, recordPrediction } from "../progress.mjs";

const decode = (base64) => new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));

/** The page's predictions, each {element, question, reveal, cell, id}; marks a cell whose output waits for one
 *  (`reveal`: the prose between the prediction and its cell, held back too). */
export function findPredictions(root) {
  const found = [];
  for (const element of root.querySelectorAll("div.nb-predict[data-for]")) {
    const question = element.previousElementSibling;
    let cell = element.nextElementSibling;
    while (cell && !cell.matches("div.nb-cell")) cell = cell.nextElementSibling;
    if (!question?.matches(".admonition") || !cell) continue;
    const reveal = element.nextElementSibling?.matches(".nb-reveal") ? element.nextElementSibling : null;
    if (!predictionOf(element.dataset.for)) cell.dataset.held = "true";
    else reveal?.classList.add("nb-reveal--shown");
    found.push({ element, question, reveal, cell, id: element.dataset.for });
  }
  return found;
}

/** The Python expression that runs the prediction's code on a copy of the page's names, leaving none behind,
 *  and gives [answer, why, within] (JSON text is a Python string literal). */
function verdictExpression(code) {
  return `(lambda g: (exec(${JSON.stringify(code)}, g), `
    + `[float(g["answer"]), str(g.get("why", "")), float(g.get("within", 0))])[1])(dict(globals()))`;
}

export class Prediction {
  /** `above`: the page's cells before this one, run first if this visit has not run them (as "Run all" would). */
  constructor({ element, question, reveal, id }, cell, runtime, above = []) {
    const t = (this.t = labels());
    this.id = id;
    this.cell = cell;
    this.above = above;
    this.runtime = runtime;
    this.code = decode(element.dataset.code);
    this.element = element;
    this.reveal = reveal;
    this.list = question.querySelector("ol");
    this.inputs = [];
    if (this.list) {
      const first = Number(this.list.getAttribute("start") || 1);
      [...this.list.children].forEach((li, i) => {
        const input = document.createElement("input");
        input.type = "radio";
        input.name = `nb-predict-${id}`;
        input.value = String(first + i);
        const label = document.createElement("label");
        label.className = "nb-predict__choice";
        label.append(input, " ", ...li.childNodes);
        li.append(label);
        this.inputs.push(input);
      });
    } else {
      const input = document.createElement("input");
      input.type = "text";
      input.inputMode = "decimal";
      input.className = "nb-predict__number";
      input.setAttribute("aria-label", t.predictNumber);
      input.placeholder = t.predictNumber;
      input.addEventListener("keydown", (ev) => { if (ev.key === "Enter") this.commit(); });
      this.inputs.push(input);
    }
    this.commitButton = button(t.predictCommit, "nb-predict-commit", () => this.commit());
    this.skipButton = button(t.predictSkip, "nb-predict-skip", () => this.skip());
    this.verdict = document.createElement("p");
    this.verdict.className = "nb-predict__verdict";
    this.verdict.setAttribute("role", "status");
    element.append(...(this.list ? [] : this.inputs), this.commitButton, this.skipButton, this.verdict);
    element.setAttribute("role", "group");
    element.setAttribute("aria-label", t.predictGroup);
    cell.onFinish = (ok) => this.ran(ok);
    const earlier = predictionOf(id);
    if (earlier) this.close("earlier", earlier === "held" ? t.predictEarlierHeld : t.predictEarlierMissed);
    else this.setState("open");
  }

  setState(state) {
    this.state = state;
    this.element.dataset.state = state;
  }

  /** No more answers: the inputs and buttons are disabled, with a word of why. */
  close(state, text, result = "") {
    this.setState(state);
    for (const input of this.inputs) input.disabled = true;
    this.commitButton.hidden = this.skipButton.hidden = true;
    this.say(text, result);
  }

  say(text, result = "") {
    this.verdict.textContent = text;
    this.verdict.dataset.result = result;
  }

  /** The reader's prediction: a choice's number or a number; null (with a message) if there is none. */
  guess() {
    if (this.list) {
      const picked = this.inputs.find((input) => input.checked);
      if (!picked) this.say(this.t.predictPickFirst, "problem");
      return picked ? Number(picked.value) : null;
    }
    const text = this.inputs[0].value.trim().replace(",", ".").replace("−", "-");
    const value = text === "" ? NaN : Number(text);
    if (!Number.isFinite(value)) this.say(text ? this.t.predictNotNumber(text) : this.t.predictTypeFirst, "problem");
    return Number.isFinite(value) ? value : null;
  }

  commit() {
    if (this.state !== "open") return;
    const guess = this.guess();
    if (guess === null) return;
    this.guessed = guess;
    this.close("committed", this.t.predictCommitted(this.describe(guess)));
    this.release();
    this.runFromAbove();
  }

  /** The cells above that have not run in this session, then this one (cell.mjs's states). */
  async runFromAbove() {
    for (const cell of this.above) {
      if (cell.element.dataset.state === "done") continue;
      const ok = await cell.run();
      if (!ok && !(cell.element.dataset.expect === "error" && cell.element.dataset.state === "error")) {
        this.say(this.t.predictAboveFailed(cell.index + 1), "problem");
        return;
      }
    }
    await this.cell.run();
  }

  skip() {
    if (this.state !== "open") return;
    this.close("skipped", this.t.predictSkipped);
    this.release();
  }

  /** What waited for the reader's prediction: the prose under it and the cell's book output. */
  release() {
    this.reveal?.classList.add("nb-reveal--shown");
    this.cell.release();
  }

  /** A choice as the reader read it ("2. No: …"), or a number as typed. */
  describe(value) {
    if (!this.list) return String(Number(value.toPrecision(6))).replace("-", "−");
    const index = value - Number(this.list.getAttribute("start") || 1);
    const item = this.list.children[index]?.cloneNode(true);
    item?.querySelectorAll(".katex-mathml").forEach((el) => el.remove());   // a formula's text once, as read
    const label = item?.textContent.trim().replace(/\s+/g, " ");
    return label ? `${value}. ${label}` : String(value);
  }

  /** The cell ran: the verdict, from the run's own result. */
  async ran(ok) {
    const t = this.t;
    if (this.state === "open") { this.close("skipped", t.predictSkipped); this.release(); }
    if (this.state !== "committed" && this.state !== "skipped") return;
    if (!ok) { this.say(t.predictCellFailed, "problem"); return; }
    const result = await this.runtime.evaluate(verdictExpression(this.code));
    if (!result.ok || !Array.isArray(result.value)) { this.say(t.predictNoVerdict(result.error || ""), "problem"); return; }
    const [answer, why, within] = result.value;
    const because = why ? ` ${why}` : "";
    if (this.state === "skipped") { this.say(`${t.predictAnswer(this.describe(answer))}${because}`, "skipped"); return; }
    const held = Math.abs(this.guessed - answer) <= Math.max(within, 1e-9 * Math.abs(answer));
    const stored = recordPrediction(this.id, held);
    this.setState("done");
    this.say(`${held ? `✓ ${t.predictHeld}` : `✗ ${t.predictMissed(this.describe(answer))}`}${because}`
      + (stored === false ? ` ${t.passNotStored}` : ""), held ? "held" : "missed");
  }
}
