// The error table (chapter 4): the slide's table of training images made live.
//
// For every image in the page's `X` (teacher signals `T`, names `labels`) it
// shows the image as a 4×3 grid the reader can edit, the teacher signal
// (t1, t2), the output (z1, z2) of the page's `net`, the error
//   e = ((t1 − z1)² + (t2 − z2)²) / 2
// and the total E = e1 + e2 + …. A select and a slider change one parameter
// of `net`; a small form adds the reader's own image. Everything is computed
// in Python by nnbook.widgets.error_table.sync (the same numbers as net.errors /
// net.error), and so are the teacher signals offered and each row's verdict.
import { elProps } from "./kit/dom.mjs";
import { fixed, trimmed } from "./kit/format.mjs";
import LABELS from "./error-table.labels.json" with { type: "json" };

export { LABELS };

const ROWS = 4, COLS = 3;
const SLIDER = { min: -10, max: 10, step: 0.05 };

function sub(n) {
  return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]);
}


let counter = 0;

// teacher signals: 1, 0, or a short decimal if a reader set one
const short = (v) => trimmed(v, 3);

function rowsOf(pixels) {
  const bits = pixels.map((v) => (v >= 0.5 ? "1" : "0")).join("");
  return [0, 1, 2, 3].map((r) => bits.slice(r * COLS, r * COLS + COLS)).join("/");
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
  const L = ctx.t;
  const uid = `nbw-error-${++counter}`;
  let last = null;          // the last result from Python
  let names = [];           // net.names() as last shown

  // ---- the Python side: the reader's edits, merged in order, the slider's last value ----
  const link = ctx.link({
    fn: "sync",
    args: (change) => ({ actions: change?.actions ?? [], parameter: change?.parameter ?? null, lang: ctx.lang }),
    merge: (older, newer) => ({ actions: [...older.actions, ...newer.actions],
      parameter: newer.parameter ?? older.parameter }),
    onAnswer(r) {
      if (!r.ok) showProblem(r.problem ?? "");
      else draw(r);
    },
    onError(message) { showProblem(`${L.failed}\n${message}`); },
  });
  const request = (action) => link.send({ actions: [action], parameter: null });

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
    valueOut.textContent = fixed(v, 3);
  }
  select.addEventListener("change", showParameter);
  slider.addEventListener("input", () => {
    if (!select.value) return;
    const value = Number(slider.value);
    valueOut.textContent = fixed(value, 3);
    link.send({ actions: [], parameter: { name: select.value, value } });
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
      request({ do: "toggle", p, k });
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
    remove.addEventListener("click", () => request({ do: "remove", p }));
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
    view.teacher.textContent = `(${row.t.map(short).join(", ")})`;
    view.zText.textContent = `(${row.z.map((v) => fixed(v, 3)).join(", ")})`;
    const said = row.says;
    if (said) {
      const ok = row.right;
      view.reads.textContent = `${L.reads}: ${letterName(said)} ${ok ? "✓" : "✗"} ${ok ? L.right : L.wrong}`;
      view.reads.dataset.ok = ok ? "1" : "0";
    } else {
      view.reads.textContent = "";
    }
    view.eText.textContent = fixed(row.e, 4);
    view.barFill.style.width = `${Math.min(1, Math.max(0, row.e ?? 0)) * 100}%`;
  }

  /** The parameter select: rebuilt only when the network's names change. */
  function showNames(given) {
    if (given.join() === names.join()) return;
    const keep = select.value;
    names = given;
    const groups = [elProps("optgroup", { label: L.outputLayer }), elProps("optgroup", { label: L.hiddenLayer })];
    for (const name of names) groups[name.includes("^H") ? 1 : 0].append(elProps("option", { value: name, text: name }));
    select.replaceChildren(...groups.filter((g) => g.children.length));
    select.value = names.includes(keep) ? keep : names[0];
  }

  function draw(result) {
    last = result;
    waiting.remove();
    problem.hidden = true;
    table.hidden = false;
    showNames(result.names);
    showParameter();
    showTeachers(result.teachers);
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
    const E = fixed(result.E, 4);
    total.textContent = result.empty ? result.empty : (P === 1 ? L.totalOne : L.total)(E, P);
    footLabel.textContent = P > 1 ? L.footer(sub(P)) : L.footerOne;
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
  // the teacher signals nnbook offers (from the first answer): "C: (1, 0)", …
  const teacher = elProps("select", { id: `${uid}-teacher` });
  function showTeachers(teachers) {
    if (teacher.options.length === Object.keys(teachers).length) return;
    teacher.replaceChildren(...Object.entries(teachers).map(([key, t]) =>
      elProps("option", { value: key, text: `${letterName(key)}: (${t.map(short).join(", ")})` })));
  }
  const add = elProps("button", { type: "button", class: "nbw-error__btn", text: L.add });
  add.addEventListener("click", () => {
    request({ do: "add", rows: rowsOf(newGrid.get()), teacher: teacher.value });
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
  restore.addEventListener("click", () => request({ do: "restore" }));

  table.hidden = true;
  root.append(waiting, paramBox, total, problem, table, addBox, restore);
  element.append(root);

  // before Python answers: the default network's parameter names and nnbook's teacher signals,
  // rendered by the build (data-defaults)
  if (element.dataset.defaults) {
    const d = JSON.parse(element.dataset.defaults);
    showNames(d.names);
    sliderName.textContent = L.value(select.value);
    showTeachers(d.teachers);
  }
  ctx.onChange(() => link.refresh());
  link.refresh();

  return { destroy() { link.destroy(); } };
}
