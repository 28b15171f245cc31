// Prebake: the bundle's Python, run in Pyodide itself under Node at build time -> bytecode for
// Pyodide's own Python (3.14; no host CPython can write its magic number), the list of stdlib
// modules the engine really imports, and a memory snapshot of the booted engine.
//
// Usage: node compiler/prebake.mjs JOB.json   (JOB: see compiler/prebake.py)
// Writes its results to WORK_DIR/result.json; diagnostics go to stderr.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { watchFreshMemory, xorWithBase } from "../../runtime/engine/snapshotCodec.js";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { loadPyodide } = await import(join(job.pyodide_dir, "pyodide.mjs"));
const PREPARE = new URL("snapshot_prepare.py", import.meta.url);
// -OO: no docstrings or asserts in what the engine compiles, as in its wheels (prebake.py).
const ENGINE_ENV = { PYTHONHASHSEED: "0", PYTHONOPTIMIZE: "2" };
const quiet = { stdout: () => {}, stderr: (line) => process.stderr.write(`[py] ${line}\n`) };

// Exercise every path the engine takes in the browser: boot, an update that renders every
// snippet, one whose rules see odd input, and what a failing template's report imports.
const WARM_UP = `
import kairos_engine.boundary as boundary
boundary.boot()
boundary.warm_up()
`;

async function record() {
  // 1. The normal boot path (lock file + loadPackage), recording what it imports.
  const py = await loadPyodide({
    indexURL: job.pyodide_dir + "/", lockFileURL: join(job.work_dir, "kairos-lock.json"),
    packageCacheDir: job.work_dir, packages: job.packages, env: ENGINE_ENV, ...quiet,
  });
  py.runPython(WARM_UP);
  return withPrepare(py, "json.dumps(sorted(imported_from(stdlib_zip())))");
}

/** The result of Python expression `call` (JSON text, parsed) made with the functions of
 * compiler/snapshot_prepare.py, loaded in a scope of their own: none of its names stay. */
function withPrepare(py, call) {
  const scope = py.globals.get("dict")();
  try {
    py.runPython(readFileSync(PREPARE, "utf8"), { globals: scope });
    return JSON.parse(py.runPython(call, { globals: scope }));
  } finally {
    scope.destroy();
  }
}

async function compileWheels() {
  // 2. Byte-compile every module of our wheels for Pyodide's Python, next to its source.
  const py = await loadPyodide({ indexURL: job.pyodide_dir + "/", lockFileURL: join(job.work_dir, "kairos-lock.json"), ...quiet });
  const out = {};
  for (const wheel of job.wheels) {
    py.FS.mkdirTree("/tmp/src");
    py.globals.set("wheel_bytes", py.toPy(new Uint8Array(readFileSync(join(job.work_dir, wheel)))));
    out[wheel] = JSON.parse(py.runPython(`
import base64, io, json, os, py_compile, zipfile
compiled = {}
with zipfile.ZipFile(io.BytesIO(bytes(wheel_bytes))) as archive:
    for name in sorted(archive.namelist()):
        if not name.endswith(".py"):
            continue
        path = "/tmp/src/" + name
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(archive.read(name))
        # UNCHECKED_HASH: no source mtime in the .pyc, so the bytes are reproducible.
        # optimize=2 (-OO): no docstrings or asserts, which the engine never reads.
        py_compile.compile(path, cfile=path + "c", dfile=name, doraise=True, optimize=2,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        with open(path + "c", "rb") as f:
            compiled[name + "c"] = base64.b64encode(f.read()).decode()
json.dumps(compiled)
`));
  }
  return out;
}

/** The program break: the end of the memory malloc has taken from the heap so far. */
const programBreak = (module) => module.HEAPU32[module._emscripten_get_sbrk_ptr() >>> 2];

/** Turn malloc's free chunks below the program break into zeroed chunks in use, for good.
 * Freed garbage compresses badly and zeros for free; and a free chunk carries dlmalloc's
 * list pointers (which chunk is free next), a handful of random-looking bytes in each of the
 * 14,000 holes between live objects, 75 KB of the snapshot's brotli. Kept in use, a hole
 * holds its size and zeros. The cost: the restored engine allocates past them instead of in
 * them (at most their 2.4 MB, in memory the worker has anyway). Memory malloc takes from
 * past the break while claiming is new, untouched zeros: it is given back, and cut by
 * trimToBreak only up to the break as it ends. */
function plugFreeMemory(module) {
  const breakBefore = programBreak(module);
  const heapBefore = module.HEAP8.length;
  // At most 64 KiB at a time: dlmalloc serves smaller requests from its free lists, not mmap.
  // Down to 1 byte: the smallest chunks (16 bytes) serve only requests of up to 12.
  for (let size = 1 << 16; size >= 1;) {
    const pointer = module._malloc(size);
    // Only chunks below the break as it was: memory malloc takes from past it is new, zeros.
    if (pointer && pointer + size <= breakBefore && module.HEAP8.length === heapBefore) {
      // The whole chunk: a hole a little larger than asked is handed out whole.
      module.HEAPU8.fill(0, pointer, pointer + module._malloc_usable_size(pointer));
    } else {
      if (pointer) module._free(pointer);
      size >>= 1;
    }
  }
}

/** Zero the dead bytes of the standard streams' buffers (snapshot_prepare.py's stream_buffers:
 * [object address, object size, buffer size]). Each buffer was malloc'd uninitialised, so it
 * holds whatever that memory held before (pieces of the stdlib zip: 33 KB of brotli). The
 * buffer is found, without knowing the C struct, as the one word of the object that points at
 * an in-use malloc chunk of the buffer's size; if there is not exactly one, it is left alone. */
function zeroStreamBuffers(module, buffers) {
  const words = module.HEAPU32;
  for (const [address, size, length] of buffers) {
    const found = [];
    for (let at = address; at + 4 <= address + size; at += 4) {
      const pointer = words[at >>> 2];
      if (pointer < 8 || pointer % 8 || pointer + length > module.HEAP8.length) continue;
      const head = words[(pointer - 4) >>> 2]; // dlmalloc: chunk size | CINUSE (2) | PINUSE (1)
      const chunk = head & ~7;
      if (head & 2 && chunk >= length + 4 && chunk < length + 32) found.push(pointer);
    }
    if (found.length === 1) module.HEAPU8.fill(0, found[0], found[0] + length);
  }
}

/** Zero the stack below its pointer: JS is calling no wasm now, so all of it is dead frames. */
function zeroDeadStack(module) {
  module.HEAPU8.fill(0, module._emscripten_stack_get_end(), module._emscripten_stack_get_current());
}

/** The snapshot without the untouched memory past the program break (zeros the browser would
 * otherwise decode and copy at every restore). Restoring copies the snapshot into the start
 * of a fresh instance's memory (480 pages, declared by the wasm), whose bytes past the break
 * are zeros already; the cut keeps whole pages. */
function trimToBreak(module, bytes) {
  const PAGE = 65536;
  const header = bytes.length - module.HEAP8.length;
  const end = header + Math.ceil(programBreak(module) / PAGE) * PAGE;
  if (end >= bytes.length) return bytes;
  if (bytes.subarray(end).some((byte) => byte !== 0)) throw new Error("memory past the program break is in use");
  return bytes.slice(0, end);
}

async function snapshot() {
  // 3. Boot the engine from the final wheels and trimmed stdlib, then snapshot its memory.
  const factory = (await import(join(job.pyodide_dir, "pyodide.asm.mjs"))).default;
  let fresh = null; // a fresh instance's memory: what the shipped snapshot is XOR-ed with
  const py = await loadPyodide({
    indexURL: job.pyodide_dir + "/", lockFileURL: join(job.work_dir, "kairos-lock.json"),
    stdLibURL: join(job.work_dir, "python_stdlib.zip"), _makeSnapshot: true,
    createPyodideModule: watchFreshMemory(factory, (memory) => { fresh = memory.slice(); }),
    env: ENGINE_ENV, ...quiet,
  });
  for (const wheel of job.wheels) py.unpackArchive(new Uint8Array(readFileSync(join(job.work_dir, wheel))), "wheel");
  py.runPython(WARM_UP);
  // Drop the modules the engine never runs, collect garbage, compact library code (line
  // tables, docstrings, annotations), reseed PRNGs,
  // write the stdlib the snapshot lacks, drop zipimport's index of the build's zip, flush the
  // standard streams (compiler/bundle/snapshot_prepare.py).
  const prepared = withPrepare(py, "prepare()");
  // Collect the scope and its functions, now unreferenced; the zip's index must stay dropped.
  // Python's last words: the type attribute cache (4,096 entries of pointers and versions in
  // the interpreter's static memory, 15 KB of brotli) is a cache, refilled as the engine runs.
  py.runPython(`import gc, sys, zipimport
gc.collect()
if zipimport._zip_directory_cache:
    raise RuntimeError(f"the snapshot would keep the index of {list(zipimport._zip_directory_cache)}")
sys._clear_internal_caches()`);
  zeroStreamBuffers(py._module, prepared.buffers);
  plugFreeMemory(py._module);
  zeroDeadStack(py._module);
  const plain = trimToBreak(py._module, py.makeMemorySnapshot());
  // The snapshot is taken: this instance's heap no longer matters, and the residual stdlib
  // is written again, its sources blanked.
  withPrepare(py, `blank_residual(${JSON.stringify(prepared.missing)})`);
  writeFileSync(join(job.work_dir, "snapshot-stdlib.zip"), py.FS.readFile("/tmp/snapshot-stdlib.zip"));
  const shipped = xorWithBase(plain.slice(), fresh);
  writeFileSync(join(job.work_dir, "engine.snapshot"), shipped);
  // Prove the shipped bytes load and answer, decoded exactly as the worker decodes them, with
  // only the modules the snapshot lacks in the mounted stdlib (as the worker mounts them).
  const bytes = shipped.slice();
  const restored = await loadPyodide({
    indexURL: job.pyodide_dir + "/", lockFileURL: join(job.work_dir, "kairos-lock.json"),
    stdLibURL: join(job.work_dir, "snapshot-stdlib.zip"), _loadSnapshot: bytes,
    createPyodideModule: watchFreshMemory(factory, (memory) => xorWithBase(bytes, memory)), ...quiet,
  });
  if (!Buffer.from(bytes.buffer).equals(Buffer.from(plain.buffer))) throw new Error("the decoded snapshot differs");
  // Every module the snapshot lacks must import from the small stdlib it is mounted with.
  restored.runPython(`import codecs, importlib
for path in ${JSON.stringify(prepared.missing)}:
    importlib.import_module(path.removesuffix(".py").removesuffix("/__init__").replace("/", "."))
codecs.lookup("latin-1")`);
  const ready = restored.runPython("import kairos_engine.boundary as b; b.boot()");
  // And renders every snippet, without the modules the snapshot dropped (snapshot_prepare.py).
  restored.runPython("b.warm_up()");
  return { size: shipped.length, ready: JSON.parse(ready), ...prepared };
}

async function freeze() {
  // 4. micropip (the package installer Pyodide ships) installs the bundle's wheels from local
  // files, never by a network name (deps=False), and freezes its lock: prebake.py checks the
  // bundle's own lock against it.
  const py = await loadPyodide({ indexURL: job.pyodide_dir + "/", ...quiet });
  for (const tool of job.tools) py.unpackArchive(new Uint8Array(readFileSync(tool)), "wheel");
  py.FS.mkdirTree("/wheels");
  for (const wheel of job.wheels) py.FS.writeFile(`/wheels/${wheel}`, readFileSync(join(job.work_dir, wheel)));
  py.globals.set("urls", py.toPy(job.wheels.map((wheel) => `emfs:/wheels/${wheel}`)));
  return JSON.parse(await py.runPythonAsync(`import json, micropip
await micropip.install(list(urls), deps=False)
json.dumps(json.loads(micropip.freeze())["packages"])`));
}

mkdirSync(job.work_dir, { recursive: true });
const result = {};
if (job.step === "record") result.imports = await record();
if (job.step === "compile") result.pyc = await compileWheels();
if (job.step === "snapshot") result.snapshot = await snapshot();
if (job.step === "freeze") result.packages = await freeze();
// A file, not stdout: process.exit() may cut a large pending write to a pipe short.
writeFileSync(join(job.work_dir, "result.json"), JSON.stringify(result));
process.exit(0);
