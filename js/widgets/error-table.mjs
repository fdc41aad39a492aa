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
import { mergeEdits, rowsOf, totals } from "./kit/error-state.mjs";
import { fixed, trimmed } from "./kit/format.mjs";
import { paramGroups } from "./kit/network.mjs";
import { PixelGrid } from "./kit/pixel-grid.mjs";
import LABELS from "./error-table.labels.json" with { type: "json" };

export { LABELS };

const SLIDER = { min: -10, max: 10, step: 0.05 };

let counter = 0;

// teacher signals: 1, 0, or a short decimal if a reader set one
const short = (v) => trimmed(v, 3);
const letterName = (L, letter) => L.letter[letter] ?? letter;

/** The kit's 4×3 grid, named by its rows ("Image 2, rows 101/100/100/011"): `name(rows)`. */
function namedGrid(parent, lang, name, onChange) {
  const grid = new PixelGrid(parent, { lang, onChange: (values, k) => { grid.label = name(rowsOf(values)); onChange(k); } });
  grid.label = name(rowsOf(grid.values));
  return {
    grid,
    set(values) { grid.values = values; grid.label = name(rowsOf(values)); },
  };
}

/** One parameter of net: a select of net.names() (grouped by layer) and a slider for its value. */
function parameterView(L, uid, onValue) {
  const select = elProps("select", { id: `${uid}-param` });
  const slider = elProps("input", { type: "range", id: `${uid}-value`, min: SLIDER.min, max: SLIDER.max, step: SLIDER.step, value: 0 });
  const valueOut = elProps("output", { class: "nbw-error__value", for: `${uid}-value`, text: "—" });
  const sliderName = elProps("span");
  const box = elProps("fieldset", {}, elProps("legend", { text: L.paramLegend }),
    elProps("div", { class: "nbw-error__controls" },
      elProps("label", { for: `${uid}-param` }, L.param, select),
      elProps("label", { for: `${uid}-value` }, sliderName, slider), valueOut));
  let names = [];
  let w = null;
  const show = () => {
    sliderName.textContent = L.value(select.value);
    const i = names.indexOf(select.value);
    if (i < 0 || !w) return;
    slider.value = String(Math.min(SLIDER.max, Math.max(SLIDER.min, w[i])));
    valueOut.textContent = fixed(w[i], 3);
  };
  select.addEventListener("change", show);
  slider.addEventListener("input", () => {
    if (!select.value) return;
    valueOut.textContent = fixed(Number(slider.value), 3);
    onValue(select.value, Number(slider.value));
  });
  return {
    box,
    /** net's sizes and names (the select rebuilt only when they change) and, once Python answered, its w. */
    show(sizes, given, weights = null) {
      w = weights;
      if (given.join() !== names.join()) {
        const keep = select.value;
        names = given;
        const groups = [elProps("optgroup", { label: L.outputLayer }), elProps("optgroup", { label: L.hiddenLayer })];
        for (const g of paramGroups(sizes, names)) {
          groups[g.layer === sizes.length - 1 ? 0 : 1].append(...g.names.map((name) => elProps("option", { value: name, text: name })));
        }
        select.replaceChildren(...groups.filter((g) => g.children.length));
        select.value = names.includes(keep) ? keep : names[0];
      }
      show();
    },
  };
}

/** One row of the table: the image p (editable), its t, z with the verdict, e with a bar, Remove. */
function rowView(L, lang, p, request) {
  const v = {};
  v.header = elProps("th", { scope: "row", role: "rowheader" });
  const image = elProps("td", { role: "cell", class: "nbw-error__img" });
  v.image = namedGrid(image, lang, (rows) => L.image(p, rows), (k) => request({ do: "toggle", p, k }));
  v.teacher = elProps("td", { role: "cell", class: "nbw-error__val nbw-error__num", "data-label": L.colTeacher });
  v.zText = elProps("span", { class: "nbw-error__num" });
  v.reads = elProps("span", { class: "nbw-error__reads" });
  v.eText = elProps("span", { class: "nbw-error__num" });
  v.barFill = elProps("span");
  const remove = elProps("button", { type: "button", class: "nbw-error__btn nbw-error__remove", "aria-label": L.remove(p), text: "✕" });
  remove.addEventListener("click", () => request({ do: "remove", p }));
  v.tr = elProps("tr", { role: "row" }, v.header, image, v.teacher,
    elProps("td", { role: "cell", class: "nbw-error__val", "data-label": L.colOutput }, v.zText, v.reads),
    elProps("td", { role: "cell", class: "nbw-error__val", "data-label": L.colError },
      v.eText, elProps("span", { class: "nbw-error__bar", "aria-hidden": "true" }, v.barFill)),
    elProps("td", { role: "cell", class: "nbw-error__rm" }, remove));
  return v;
}

function fillRow(L, v, p, row) {
  v.header.textContent = `${p} ${letterName(L, row.label)}`;
  v.image.set(row.pixels);
  v.teacher.textContent = `(${row.t.map(short).join(", ")})`;
  v.zText.textContent = `(${row.z.map((z) => fixed(z, 3)).join(", ")})`;
  v.reads.textContent = row.says
    ? `${L.reads}: ${letterName(L, row.says)} ${row.right ? "✓" : "✗"} ${row.right ? L.right : L.wrong}` : "";
  if (row.says) v.reads.dataset.ok = row.right ? "1" : "0";
  v.eText.textContent = fixed(row.e, 4);
  v.barFill.style.width = `${Math.min(1, Math.max(0, row.e ?? 0)) * 100}%`;
}

/** The table: its head, body (rows built by `rowView`) and footer with E. */
function tableView(L) {
  const heads = ["#", L.colImage, L.colTeacher, L.colOutput, L.colError, L.colRemove].map((text) => elProps("th", { scope: "col", text }));
  const tbody = elProps("tbody", { role: "rowgroup" });
  const footLabel = elProps("th", { scope: "row", role: "rowheader", colSpan: 4 });
  const footValue = elProps("td", { role: "cell", class: "nbw-error__num" });
  const table = elProps("table", { class: "nbw-error__table", role: "table", hidden: true },
    elProps("caption", { text: L.caption }),
    elProps("thead", { role: "rowgroup" }, elProps("tr", { role: "row" }, ...heads)),
    tbody,
    elProps("tfoot", { role: "rowgroup" }, elProps("tr", { role: "row" }, footLabel, footValue, elProps("td", { role: "cell" }))));
  return { table, tbody, footLabel, footValue };
}

/** New rows for a new number of images; the focus goes on from the same place (a row removed). */
function replaceRows(views, count, make, tbody, fallback) {
  const focused = tbody.contains(document.activeElement) ? document.activeElement : null;
  let focusRow = -1, focusPixel = -1;
  views.forEach((v, i) => {
    const j = v.image.grid.buttons.indexOf(focused);
    if (j >= 0) { focusRow = i; focusPixel = j; } else if (v.tr.contains(focused)) focusRow = i;
  });
  const fresh = Array.from({ length: count }, (_, i) => make(i + 1));
  tbody.replaceChildren(...fresh.map((v) => v.tr));
  if (focused) {
    const target = fresh[Math.min(focusRow, fresh.length - 1)];
    if (target) (focusPixel >= 0 ? target.image.grid.buttons[focusPixel] : target.tr.querySelector(".nbw-error__remove")).focus();
    else fallback.focus();
  }
  return fresh;
}

/** "Add an image of your own": a grid to draw in, nnbook's teacher signals, Add. */
function addView(L, lang, uid, onAdd) {
  const drawn = namedGrid(null, lang, (rows) => L.newImage(rows), () => {});
  const teacher = elProps("select", { id: `${uid}-teacher` });
  const add = elProps("button", { type: "button", class: "nbw-error__btn", text: L.add });
  add.addEventListener("click", () => onAdd(rowsOf(drawn.grid.values), teacher.value));
  const box = elProps("fieldset", {}, elProps("legend", { text: L.addLegend }),
    elProps("p", { class: "nbw-error__hint", text: L.drawHint }),
    elProps("div", { class: "nbw-error__add" }, drawn.grid.element,
      elProps("div", { class: "nbw-error__side" }, elProps("label", { for: `${uid}-teacher` }, `${L.teacher} `, teacher), add)));
  return {
    box,
    /** The teacher signals nnbook offers (from the first answer): "C: (1, 0)", … */
    showTeachers(teachers) {
      if (teacher.options.length === Object.keys(teachers).length) return;
      teacher.replaceChildren(...Object.entries(teachers).map(([key, t]) =>
        elProps("option", { value: key, text: `${letterName(L, key)}: (${t.map(short).join(", ")})` })));
    },
  };
}

export function mount(element, ctx) {
  const L = ctx.t;
  const uid = `nbw-error-${++counter}`;
  // ---- the Python side: the reader's edits, merged in order, the slider's last value ----
  const link = ctx.link({
    fn: "sync",
    args: (change) => ({ actions: change?.actions ?? [], parameter: change?.parameter ?? null, lang: ctx.lang }),
    merge: mergeEdits,
    onAnswer(r) {
      if (!r.ok) showProblem(r.problem ?? "");
      else draw(r);
    },
    onError(message) { showProblem(`${L.failed}\n${message}`); },
  });
  const request = (action) => link.send({ actions: [action], parameter: null });

  const root = elProps("div", { class: "nbw-error", role: "region", "aria-label": L.region });
  const waiting = elProps("p", { class: "nbw-error__waiting", text: L.waiting });
  const parameter = parameterView(L, uid, (name, value) => link.send({ actions: [], parameter: { name, value } }));
  const total = elProps("p", { class: "nbw-error__total", "aria-live": "polite" });
  const problem = elProps("p", { class: "nbw-error__problem", hidden: true });
  const table = tableView(L);
  const adding = addView(L, ctx.lang, uid, (rows, teacher) => request({ do: "add", rows, teacher }));
  const restore = elProps("button", { type: "button", class: "nbw-error__btn", text: L.restore });
  restore.addEventListener("click", () => request({ do: "restore" }));
  root.append(waiting, parameter.box, total, problem, table.table, adding.box, restore);
  element.append(root);

  let rowViews = [];
  function draw(result) {
    waiting.remove();
    problem.hidden = true;
    table.table.hidden = false;
    parameter.show(result.sizes, result.names, result.w);
    adding.showTeachers(result.teachers);
    // the rows: kept when their number stays, so focus stays where it was
    if (result.rows.length !== rowViews.length) {
      rowViews = replaceRows(rowViews, result.rows.length, (p) => rowView(L, ctx.lang, p, request), table.tbody, restore);
    }
    result.rows.forEach((row, i) => fillRow(L, rowViews[i], i + 1, row));
    const said = totals(result, L);
    total.textContent = said.line;
    table.footLabel.textContent = said.footer;
    table.footValue.textContent = said.E;
  }
  function showProblem(text) {
    waiting.remove();
    problem.hidden = false;
    problem.textContent = text;
    table.table.hidden = true;
    total.textContent = "";
  }

  // before Python answers: the default network's parameter names and nnbook's teacher signals,
  // rendered by the build (data-defaults)
  if (element.dataset.defaults) {
    const d = JSON.parse(element.dataset.defaults);
    parameter.show(d.sizes, d.names);
    adding.showTeachers(d.teachers);
  }
  ctx.onChange(() => link.refresh());
  link.refresh();
  return { destroy() { link.destroy(); } };
}
