// The Python toolbar's "Start Python when I press Run" (reading mode, see
// js/runtime/on-demand.mjs): a checkbox whose choice is remembered for every
// page. Checked while Python runs, it takes effect from the next page load;
// unchecked while Python waits, Python starts at once.
import { labels } from "../i18n.mjs";
import { START_KEY, startsOnRun } from "../runtime/on-demand.mjs";

export function mountStartChoice(toolbar, runtime) {
  const t = labels();
  const label = document.createElement("label");
  label.className = "nb-toolbar__choice";
  const box = document.createElement("input");
  box.type = "checkbox";
  box.checked = startsOnRun();
  label.append(box, " ", t.startOnRun);
  label.title = t.startOnRunHint;
  box.addEventListener("change", () => {
    try {
      localStorage.setItem(START_KEY, box.checked ? "on-run" : "with-page");
    } catch {
      // storage blocked: the choice holds for this page only
    }
    if (!box.checked && runtime.onDemand) {
      runtime.onDemand = false;
      runtime.start();
    }
  });
  toolbar.append(label);
  return label;
}
