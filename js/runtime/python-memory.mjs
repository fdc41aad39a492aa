// Where Python's memory (Pyodide 0.27) holds what its snapshot must not carry as it is:
// one place for the build that makes the snapshot (snapshot.mjs) and the worker that restores it.

/** The Int32 index of the helper counting a C function's arguments (a wasm-gc helper, or 0 for the slower JavaScript way). */
export function countArgsIndex(Module) {
  const offset = Module.HEAP32[Module.__PyEM_EMSCRIPTEN_COUNT_ARGS_OFFSET >>> 2];
  return (Module.__PyRuntime + offset) >>> 2;
}
