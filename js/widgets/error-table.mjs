// The error table (chapter 4): the slide's table of training images made live.
//
// For every image in the page's `X` (teacher signals `T`, names `labels`) it
// shows the image as a 4×3 grid the reader can edit, the teacher signal
// (t1, t2), the output (z1, z2) of the page's `net`, the error
//   e = ((t1 − z1)² + (t2 − z2)²) / 2
// and the total E = e1 + e2 + …. A select and a slider change one parameter
// of `net`; a small form adds the reader's own image. Everything is computed
// in Python by nnbook.widgets.error (the same numbers as net.errors / net.error).
import { elProps, installStyle } from "./kit/dom.mjs";

const LABELS = {
  en: {
    region: "Error table",
    waiting: "waiting for Python…",
    paramLegend: "Change one parameter of net",
    param: "Parameter",
    value: (name) => `Value of ${name}`,
    outputLayer: "output layer (w_kj, θ_j)",
    hiddenLayer: "hidden layer (w_ki^H, θ_i^H)",
    caption: "Each training image with its teacher signal t, the output z of net and its error e",
    colImage: "Image",
    colTeacher: "Teacher (t₁, t₂)",
    colOutput: "Output (z₁, z₂)",
    colError: "Error e",
    colRemove: "Remove",
    image: (p, rows) => `Image ${p}, rows ${rows}`,
    newImage: (rows) => `New image, rows ${rows}`,
    pixel: (k) => `pixel x${k}`,
    remove: (p) => `Remove image ${p}`,
    total: (E, P) => `Total error E = ${E} over ${P} image${P === 1 ? "" : "s"}`,
    footer: (P) => (P > 1 ? `E = e₁ + … + e${sub(P)}` : "E = e₁"),
    reads: "reads",
    right: "right",
    wrong: "wrong",
    letter: { neither: "neither", both: "C and T" },
    addLegend: "Add your own image",
    drawHint: "Click pixels to draw (arrow keys move, Space toggles).",
    teacher: "Teacher signal",
    teacherOption: { C: "C: (1, 0)", T: "T: (0, 1)", neither: "neither: (0, 0)" },
    add: "Add to the table",
    restore: "Restore the slide's nine images",
    failed: "Python reported an error:",
  },
  ja: {
    region: "誤差の表",
    waiting: "Python を待っています…",
    paramLegend: "net のパラメータを 1 つ変える",
    param: "パラメータ",
    value: (name) => `${name} の値`,
    outputLayer: "出力層 (w_kj, θ_j)",
    hiddenLayer: "隠れ層 (w_ki^H, θ_i^H)",
    caption: "学習用の画像ごとの教師信号 t、net の出力 z、誤差 e",
    colImage: "画像",
    colTeacher: "教師信号 (t₁, t₂)",
    colOutput: "出力 (z₁, z₂)",
    colError: "誤差 e",
    colRemove: "削除",
    image: (p, rows) => `画像 ${p}、行 ${rows}`,
    newImage: (rows) => `新しい画像、行 ${rows}`,
    pixel: (k) => `画素 x${k}`,
    remove: (p) => `画像 ${p} を削除`,
    total: (E, P) => `誤差の総和 E = ${E} (画像 ${P} 枚)`,
    footer: (P) => (P > 1 ? `E = e₁ + … + e${sub(P)}` : "E = e₁"),
    reads: "判定",
    right: "正しい",
    wrong: "誤り",
    letter: { neither: "どちらでもない", both: "C と T" },
    addLegend: "自分の画像を追加",
    drawHint: "画素をクリックして描きます (矢印キーで移動、スペースで切り替え)。",
    teacher: "教師信号",
    teacherOption: { C: "C: (1, 0)", T: "T: (0, 1)", neither: "どちらでもない: (0, 0)" },
    add: "表に追加",
    restore: "スライドの 9 枚に戻す",
    failed: "Python がエラーを報告しました:",
  },
};

const ROWS = 4, COLS = 3;
const SLIDER = { min: -10, max: 10, step: 0.05 };
const MODULE = 'm=__import__("nnbook.widgets.error", fromlist=["error_table"])';

function sub(n) {
  return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]);
}

const STYLE = `
.nbw-error { container-type: inline-size; font-size: .75rem; }
.nbw-error fieldset { border: 1px solid var(--md-default-fg-color--lightest); border-radius: .2rem;
  margin: .6rem 0; padding: .4rem .6rem .6rem; }
.nbw-error legend { font-weight: 700; padding: 0 .3rem; }
.nbw-error__controls { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; }
.nbw-error__controls label { display: inline-flex; align-items: center; gap: .4rem; flex-wrap: wrap; }
.nbw-error select, .nbw-error button.nbw-error__btn {
  font: inherit; color: var(--md-default-fg-color); background: var(--md-default-bg-color);
  border: 1px solid var(--md-default-fg-color--light); border-radius: .2rem; padding: .2rem .4rem;
  min-height: 1.6rem; max-width: 100%; }
.nbw-error button.nbw-error__btn { cursor: pointer; }
.nbw-error button.nbw-error__btn:hover { border-color: var(--md-accent-fg-color); }
.nbw-error input[type=range] { width: 12rem; max-width: 100%; accent-color: var(--md-primary-fg-color); }
.nbw-error :focus-visible { outline: 2px solid var(--md-accent-fg-color); outline-offset: 1px; }
.nbw-error__value { font-family: var(--md-code-font-family); min-width: 4.5em; }
.nbw-error__total { font-size: .85rem; font-weight: 700; margin: .5rem 0; }
.nbw-error__problem { color: #b71c1c; white-space: pre-wrap; }
[data-md-color-scheme="slate"] .nbw-error__problem { color: #ef9a9a; }
.md-typeset .nbw-error table { display: table; width: 100%; font-size: .75rem; margin: .4rem 0;
  border-collapse: collapse; }
.md-typeset .nbw-error table[hidden], .nbw-error [hidden] { display: none; }
.md-typeset .nbw-error caption { caption-side: top; text-align: left; font-style: italic;
  padding: .2rem 0; color: var(--md-default-fg-color--light); }
.md-typeset .nbw-error th, .md-typeset .nbw-error td { padding: .3rem .5rem; vertical-align: middle;
  border-top: 1px solid var(--md-default-fg-color--lightest); }
.md-typeset .nbw-error tbody th { font-weight: 700; white-space: nowrap; }
.nbw-error__num { font-family: var(--md-code-font-family); white-space: nowrap; }
.nbw-error__reads { display: block; font-size: .65rem; }
.nbw-error__reads[data-ok="1"] { color: #1b5e20; }
.nbw-error__reads[data-ok="0"] { color: #b71c1c; }
[data-md-color-scheme="slate"] .nbw-error__reads[data-ok="1"] { color: #a5d6a7; }
[data-md-color-scheme="slate"] .nbw-error__reads[data-ok="0"] { color: #ef9a9a; }
.nbw-error__bar { display: block; height: .35rem; margin-top: .15rem; width: 5rem; max-width: 100%;
  background: var(--md-default-fg-color--lightest); border-radius: .1rem; }
.nbw-error__bar > span { display: block; height: 100%; background: var(--md-accent-fg-color); border-radius: .1rem; }
.md-typeset .nbw-error tfoot th, .md-typeset .nbw-error tfoot td { font-weight: 700;
  border-top: 2px solid var(--md-default-fg-color--light); }
.nbw-error__grid { display: inline-grid; grid-template-columns: repeat(3, 1.3rem); gap: 0;
  border: 1px solid var(--md-default-fg-color--light); vertical-align: middle; }
.nbw-error__grid button { width: 1.3rem; height: 1.3rem; margin: 0; padding: 0; cursor: pointer;
  border: 1px solid var(--md-default-fg-color--lightest); background: var(--md-default-bg-color); }
.nbw-error__grid button[aria-pressed="true"] { background: var(--md-default-fg-color); }
.nbw-error__grid button:focus-visible { outline: 3px solid var(--md-accent-fg-color); outline-offset: -2px; position: relative; }
.nbw-error__add { display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; align-items: center; }
.nbw-error__side { display: flex; flex-direction: column; gap: .4rem; }
.nbw-error__hint { margin: 0 0 .4rem; font-size: .7rem; }
.md-typeset .nbw-error button.nbw-error__remove { padding: .1rem .45rem; min-height: 1.6rem; min-width: 1.6rem; }
@container (max-width: 34rem) {
  .md-typeset .nbw-error table, .md-typeset .nbw-error tbody, .md-typeset .nbw-error tfoot,
  .md-typeset .nbw-error caption { display: block; }
  .md-typeset .nbw-error thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap; }
  .md-typeset .nbw-error tr { display: grid; grid-template-columns: auto 1fr auto; gap: .2rem .8rem;
    align-items: center; padding: .5rem .4rem; border-top: 1px solid var(--md-default-fg-color--lighter); }
  .md-typeset .nbw-error tbody th, .md-typeset .nbw-error td { display: block; border: 0; padding: 0; }
  .md-typeset .nbw-error tbody th { grid-column: 1 / 3; text-align: left; }
  .md-typeset .nbw-error td.nbw-error__img { grid-column: 1; grid-row: 2 / 5; }
  .md-typeset .nbw-error td.nbw-error__val { grid-column: 2; }
  .md-typeset .nbw-error td.nbw-error__val::before { content: attr(data-label) ": "; font-weight: 700;
    font-family: var(--md-text-font-family); }
  .md-typeset .nbw-error td.nbw-error__rm { grid-column: 3; grid-row: 1; }
  .md-typeset .nbw-error tfoot tr { grid-template-columns: 1fr auto; }
  .md-typeset .nbw-error tfoot th, .md-typeset .nbw-error tfoot td { display: block; border: 0; padding: 0;
    text-align: left; }
}
`;

let counter = 0;

function fmt(v, digits) {
  return v === null || v === undefined ? "—" : Number(v).toFixed(digits);
}

function fmtShort(v) {
  // teacher signals: 1, 0, or a short decimal if a reader set one
  return v === null ? "—" : String(Math.round(v * 1000) / 1000);
}

function rowsOf(pixels) {
  const bits = pixels.map((v) => (v >= 0.5 ? "1" : "0")).join("");
  return [0, 1, 2, 3].map((r) => bits.slice(r * COLS, r * COLS + COLS)).join("/");
}

/** What (z1, z2) or (t1, t2) stands for: (1, 0) C, (0, 1) T, (0, 0) neither. */
function readingOf(pair) {
  if (!pair || pair.length !== 2 || pair.some((v) => v === null)) return null;
  const [a, b] = pair.map((v) => v >= 0.5);
  return a && !b ? "C" : !a && b ? "T" : a && b ? "both" : "neither";
}

/**
 * A 4×3 pixel grid of toggle buttons: one tab stop (roving tabindex), arrow
 * keys move, Space/Enter toggle. onToggle(k) with k = 1 … 12.
 */
function pixelGrid(L, nameOf, onToggle) {
  const group = elProps("div", { class: "nbw-error__grid", role: "group" });
  const buttons = [];
  let current = 0;
  let pixels = new Array(ROWS * COLS).fill(0);
  for (let i = 0; i < ROWS * COLS; i++) {
    const b = elProps("button", { type: "button", "aria-label": L.pixel(i + 1), "aria-pressed": "false",
                             tabindex: i === 0 ? "0" : "-1" });
    b.addEventListener("click", () => { focusAt(i, false); onToggle(i + 1); });
    b.addEventListener("keydown", (ev) => {
      const r = Math.floor(i / COLS), c = i % COLS;
      const moves = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
      if (ev.key in moves) {
        const [dr, dc] = moves[ev.key];
        const nr = Math.min(ROWS - 1, Math.max(0, r + dr)), nc = Math.min(COLS - 1, Math.max(0, c + dc));
        focusAt(nr * COLS + nc, true);
        ev.preventDefault();
      } else if (ev.key === "Home" || ev.key === "End") {
        focusAt(ev.key === "Home" ? 0 : ROWS * COLS - 1, true);
        ev.preventDefault();
      }
    });
    buttons.push(b);
    group.append(b);
  }
  function focusAt(i, move) {
    buttons[current].tabIndex = -1;
    current = i;
    buttons[i].tabIndex = 0;
    if (move) buttons[i].focus();
  }
  function set(values) {
    pixels = values.slice();
    values.forEach((v, i) => {
      buttons[i].setAttribute("aria-pressed", v >= 0.5 ? "true" : "false");
    });
    group.setAttribute("aria-label", nameOf(rowsOf(values)));
  }
  set(pixels);
  return { element: group, set, get: () => pixels.slice(), buttons };
}

export function mount(element, ctx) {
  installStyle("nbw-error-style", STYLE);
  const L = LABELS[ctx.lang] || LABELS.en;
  const lang = LABELS[ctx.lang] ? ctx.lang : "en";
  const uid = `nbw-error-${++counter}`;
  let destroyed = false;
  let last = null;          // the last result from Python
  let names = [];           // net.names() as last shown

  // ---- the Python side: one evaluate in flight, actions batched ---------------
  const actions = [];       // Python calls that change something, in order
  let parameter = null;     // the latest slider value: {name, value} (coalesced)
  let refresh = false;
  let inFlight = 0;          // evaluations in flight (two when a cell run flushed a change)

  function request(action) {
    if (action) actions.push(action);
    else refresh = true;
    pump();
  }

  async function pump(now = false) {
    if ((inFlight && !now) || destroyed) return;
    const todo = actions.splice(0);
    if (parameter) {
      todo.push(`m.set_parameter(g, ${JSON.stringify(parameter.name)}, ${Number(parameter.value)}, l)`);
      parameter = null;
    }
    if (!todo.length && !refresh) return;
    const changes = todo.length > 0;
    refresh = false;
    inFlight++;
    const calls = [...todo, "m.error_table(g, l)"].join(", ");
    const code = `(lambda ${MODULE}, g=globals(), l=${JSON.stringify(lang)}: [${calls}][-1])()`;
    let result;
    try {
      result = await ctx.evaluate(code);
    } catch (err) {
      result = { ok: false, error: String(err?.message || err) };
    }
    inFlight--;
    if (destroyed) return;
    if (changes) ctx.changed();
    if (actions.length || parameter || refresh || inFlight) {
      pump();  // newer input: skip drawing a state that is already out of date
      return;
    }
    if (!result.ok) showProblem(`${L.failed}\n${result.error}`);
    else if (!result.value?.ok) showProblem(result.value?.problem ?? "");
    else draw(result.value);
  }

  // ---- the page ---------------------------------------------------------------
  const root = elProps("div", { class: "nbw-error", role: "region", "aria-label": L.region });
  const waiting = elProps("p", { class: "nbw-error__waiting", text: L.waiting });

  // One parameter: a select of net.names() and a slider for its value.
  const select = elProps("select", { id: `${uid}-param` });
  const slider = elProps("input", { type: "range", id: `${uid}-value`, min: SLIDER.min, max: SLIDER.max,
                               step: SLIDER.step, value: 0 });
  const valueOut = elProps("output", { class: "nbw-error__value", for: `${uid}-value`, text: "—" });
  const sliderName = elProps("span", { text: L.value("w_11") });
  const paramBox = elProps("fieldset", {},
    elProps("legend", { text: L.paramLegend }),
    elProps("div", { class: "nbw-error__controls" },
      elProps("label", { for: `${uid}-param` }, L.param, select),
      elProps("label", { for: `${uid}-value` }, sliderName, slider),
      valueOut));

  function selectedValue() {
    const i = names.indexOf(select.value);
    return i >= 0 && last ? last.w[i] : null;
  }
  function showParameter() {
    sliderName.textContent = L.value(select.value);
    const v = selectedValue();
    if (v === null) return;
    slider.value = String(Math.min(SLIDER.max, Math.max(SLIDER.min, v)));
    valueOut.textContent = fmt(v, 3);
  }
  select.addEventListener("change", showParameter);
  slider.addEventListener("input", () => {
    if (!select.value) return;
    const value = Number(slider.value);
    valueOut.textContent = fmt(value, 3);
    parameter = { name: select.value, value };
    pump();
  });

  const total = elProps("p", { class: "nbw-error__total", "aria-live": "polite" });
  const problem = elProps("p", { class: "nbw-error__problem", hidden: true });

  // The table.
  const table = elProps("table", { class: "nbw-error__table", role: "table" });
  const headCells = [
    elProps("th", { scope: "col", text: "#" }),
    elProps("th", { scope: "col", text: L.colImage }),
    elProps("th", { scope: "col", text: L.colTeacher }),
    elProps("th", { scope: "col", text: L.colOutput }),
    elProps("th", { scope: "col", text: L.colError }),
    elProps("th", { scope: "col", text: L.colRemove }),
  ];
  const tbody = elProps("tbody", { role: "rowgroup" });
  const footLabel = elProps("th", { scope: "row", role: "rowheader", colSpan: 4 });
  const footValue = elProps("td", { role: "cell", class: "nbw-error__num" });
  table.append(
    elProps("caption", { text: L.caption }),
    elProps("thead", { role: "rowgroup" }, elProps("tr", { role: "row" }, ...headCells)),
    tbody,
    elProps("tfoot", { role: "rowgroup" }, elProps("tr", { role: "row" }, footLabel, footValue, elProps("td", { role: "cell" }))));
  let rowViews = [];

  function makeRow(p) {
    const view = {};
    view.header = elProps("th", { scope: "row", role: "rowheader" });
    view.grid = pixelGrid(L, (rows) => L.image(p, rows), (k) => {
      const px = view.grid.get();
      px[k - 1] = px[k - 1] >= 0.5 ? 0 : 1;
      view.grid.set(px);           // at once; Python's numbers follow
      request(`m.toggle_pixel(g, ${p}, ${k}, l)`);
    });
    view.teacher = elProps("td", { role: "cell", class: "nbw-error__val nbw-error__num", "data-label": L.colTeacher });
    view.zText = elProps("span", { class: "nbw-error__num" });
    view.reads = elProps("span", { class: "nbw-error__reads" });
    view.output = elProps("td", { role: "cell", class: "nbw-error__val", "data-label": L.colOutput }, view.zText, view.reads);
    view.eText = elProps("span", { class: "nbw-error__num" });
    view.barFill = elProps("span");
    view.error = elProps("td", { role: "cell", class: "nbw-error__val", "data-label": L.colError },
      view.eText, elProps("span", { class: "nbw-error__bar", "aria-hidden": "true" }, view.barFill));
    const remove = elProps("button", { type: "button", class: "nbw-error__btn nbw-error__remove",
                                  "aria-label": L.remove(p), text: "✕" });
    remove.addEventListener("click", () => request(`m.remove_image(g, ${p}, l)`));
    view.tr = elProps("tr", { role: "row" }, view.header,
      elProps("td", { role: "cell", class: "nbw-error__img" }, view.grid.element),
      view.teacher, view.output, view.error, elProps("td", { role: "cell", class: "nbw-error__rm" }, remove));
    return view;
  }

  function letterName(letter) {
    return L.letter[letter] ?? letter;
  }

  function fillRow(view, p, row) {
    view.header.textContent = `${p} ${letterName(row.label)}`;
    view.grid.set(row.pixels);
    view.teacher.textContent = `(${row.t.map(fmtShort).join(", ")})`;
    view.zText.textContent = `(${row.z.map((v) => fmt(v, 3)).join(", ")})`;
    const said = readingOf(row.z), meant = readingOf(row.t);
    if (said) {
      const ok = said === meant;
      view.reads.textContent = `${L.reads}: ${letterName(said)} ${ok ? "✓" : "✗"} ${ok ? L.right : L.wrong}`;
      view.reads.dataset.ok = ok ? "1" : "0";
    } else {
      view.reads.textContent = "";
    }
    view.eText.textContent = fmt(row.e, 4);
    view.barFill.style.width = `${Math.min(1, Math.max(0, row.e ?? 0)) * 100}%`;
  }

  function draw(result) {
    last = result;
    waiting.remove();
    problem.hidden = true;
    table.hidden = false;
    // the parameter select: rebuilt only when the network's names change
    if (result.names.join() !== names.join()) {
      const keep = select.value;
      names = result.names;
      const groups = [elProps("optgroup", { label: L.outputLayer }), elProps("optgroup", { label: L.hiddenLayer })];
      for (const name of names) groups[name.includes("^H") ? 1 : 0].append(elProps("option", { value: name, text: name }));
      select.replaceChildren(...groups.filter((g) => g.children.length));
      select.value = names.includes(keep) ? keep : names[0];
    }
    showParameter();
    // the rows: kept when their number stays, so focus stays where it was
    const rows = result.rows;
    if (rows.length !== rowViews.length) {
      const focused = root.contains(document.activeElement) && tbody.contains(document.activeElement)
        ? document.activeElement : null;
      let focusRow = -1, focusPixel = -1;
      rowViews.forEach((v, i) => {
        const j = v.grid.buttons.indexOf(focused);
        if (j >= 0) { focusRow = i; focusPixel = j; }
        else if (v.tr.contains(focused)) focusRow = i;
      });
      rowViews = rows.map((_, i) => makeRow(i + 1));
      tbody.replaceChildren(...rowViews.map((v) => v.tr));
      if (focused) {
        // a row was removed: go on from the same place (or the last row)
        const target = rowViews[Math.min(focusRow, rowViews.length - 1)];
        if (target) (focusPixel >= 0 ? target.grid.buttons[focusPixel] : target.tr.querySelector(".nbw-error__remove")).focus();
        else restore.focus();
      }
    }
    rows.forEach((row, i) => fillRow(rowViews[i], i + 1, row));
    const P = rows.length;
    const E = fmt(result.E, 4);
    total.textContent = result.empty ? result.empty : L.total(E, P);
    footLabel.textContent = L.footer(P);
    footValue.textContent = E;
  }

  function showProblem(text) {
    waiting.remove();
    problem.hidden = false;
    problem.textContent = text;
    table.hidden = true;
    total.textContent = "";
  }

  // Add an image of one's own.
  const newGrid = pixelGrid(L, (rows) => L.newImage(rows), (k) => {
    const px = newGrid.get();
    px[k - 1] = px[k - 1] >= 0.5 ? 0 : 1;
    newGrid.set(px);
  });
  const teacher = elProps("select", { id: `${uid}-teacher` },
    ...["C", "T", "neither"].map((key) => elProps("option", { value: key, text: L.teacherOption[key] })));
  const add = elProps("button", { type: "button", class: "nbw-error__btn", text: L.add });
  add.addEventListener("click", () => {
    request(`m.add_image(g, ${JSON.stringify(rowsOf(newGrid.get()))}, ${JSON.stringify(teacher.value)}, l)`);
  });
  const addBox = elProps("fieldset", {},
    elProps("legend", { text: L.addLegend }),
    elProps("p", { class: "nbw-error__hint", text: L.drawHint }),
    elProps("div", { class: "nbw-error__add" },
      newGrid.element,
      elProps("div", { class: "nbw-error__side" },
        elProps("label", { for: `${uid}-teacher` }, `${L.teacher} `, teacher),
        add)));
  const restore = elProps("button", { type: "button", class: "nbw-error__btn", text: L.restore });
  restore.addEventListener("click", () => request("m.restore_images(g, l)"));

  table.hidden = true;
  root.append(waiting, paramBox, total, problem, table, addBox, restore);
  element.append(root);

  ctx.onChange(() => request(null));
  ctx.beforeCellRun?.(() => { if (actions.length || parameter) pump(true); });
  request(null);

  return {
    destroy() {
      destroyed = true;
    },
  };
}
