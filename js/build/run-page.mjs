// Run one page's cells at build time in Pyodide, the reader's own runtime, under
// Node: the laid-out runtime (the files the site serves), our nnbook wheel, and
// py/sitebuild/page_runner.py. Called by py/sitebuild/execute.py:
//   node js/build/run-page.mjs RUNTIME_DIR < {"lang", "steps"}   ->   {"cells", "widgets", "values"} | {"error"}
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const indexURL = resolve(process.argv[2]) + "/";
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { lang, steps } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const manifest = JSON.parse(readFileSync(join(indexURL, "nnbook-runtime.json"), "utf8"));
const quiet = { messageCallback: () => {}, errorCallback: (m) => console.error(m) };
const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
await pyodide.loadPackage(["numpy", join(indexURL, manifest.wheel)], quiet);
pyodide.runPython("import os; os.environ['MPLBACKEND'] = 'module://cellrunner.mpl_backend'");
pyodide.runPython(readFileSync(join(root, "py/sitebuild/page_runner.py"), "utf8"));
const page = pyodide.globals.get("PageRun")(lang);
for (const step of steps) {
  // wheels a cell imports (matplotlib) load on first use, as in the browser's worker
  for (const code of [step.code, step.state, step.show]) {
    if (code && step.kind !== "expr") await pyodide.loadPackagesFromImports(code, quiet);
  }
  const answer = JSON.parse(page.step(JSON.stringify(step)));
  if (answer.error) {
    process.stdout.write(JSON.stringify(answer));
    process.exit(0);
  }
}
process.stdout.write(page.result());
