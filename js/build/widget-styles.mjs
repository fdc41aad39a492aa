// esbuild plugin of the stylesheet's build (js/build/bundle.mjs): `@import "widgets:styles";` in
// js/widgets/widgets.css stands for an @import of NAME.css for each widget of the one list,
// js/widgets/widgets.json. (Node only: not in js/widgets/, whose modules the browser bundle takes.)
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = join(dirname(fileURLToPath(import.meta.url)), "..", "widgets");

/** The @import lines of the listed widgets' stylesheets, in the list's order. */
export function widgetImports(list = JSON.parse(readFileSync(join(HERE, "widgets.json"), "utf8"))) {
  return Object.keys(list).map((name) => `@import "./${name}.css";`).join("\n");
}

export const widgetStyles = {
  name: "widget-styles",
  setup(build) {
    build.onResolve({ filter: /^widgets:styles$/ }, () => ({ path: "styles", namespace: "widgets" }));
    build.onLoad({ filter: /.*/, namespace: "widgets" }, () => ({ contents: widgetImports(), loader: "css", resolveDir: HERE }));
  },
};
