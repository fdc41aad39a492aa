// Run Python in Pyodide under Node, from the laid-out runtime (the same files
// the site serves), with our nnbook wheel installed; print what it returns.
//   node tests/pyodide/run_in_pyodide.mjs <runtime dir> <python code>
// The code's last expression must be a JSON string.
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const [dir, code] = process.argv.slice(2);
const indexURL = resolve(dir) + "/";
const manifest = JSON.parse(readFileSync(join(indexURL, "nnbook-runtime.json"), "utf8"));
const pyodide = await loadPyodide({ indexURL });
await pyodide.loadPackage(["numpy", join(indexURL, manifest.wheel)], { messageCallback: () => {} });
process.stdout.write(pyodide.runPython(code));
