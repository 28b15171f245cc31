// The engine snapshot as shipped: Pyodide's memory snapshot with its memory XOR-ed against the
// memory a fresh instance of the same wasm starts with (its data segments, 3.3 MB of static
// data the wasm file already carries). Where the engine never wrote, the shipped bytes are
// zeros, which brotli all but removes: a quarter of the snapshot's transfer.
// Shared by the build (compiler/bundle/prebake.mjs, which encodes) and the worker (which decodes).

/** XOR the memory part of Pyodide snapshot `bytes` with `base` (a fresh instance's memory),
 * in place. Encoding and decoding are the same operation. */
export function xorWithBase(bytes, base) {
  const header = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  const length = Math.min(base.length, bytes.length - header) >>> 2;
  // 4 bytes at a time: Pyodide's header length is a multiple of 16, so both views align.
  const memory = new Uint32Array(bytes.buffer, bytes.byteOffset + header, length);
  const initial = new Uint32Array(base.buffer, base.byteOffset, length);
  for (let i = 0; i < length; i++) memory[i] ^= initial[i];
  return bytes;
}

/**
 * Pyodide's module factory (pyodide.asm.mjs's default export), wrapped so that `onMemory`
 * sees the instance's memory as instantiated (data segments only; no wasm code has run:
 * the module has no start function), before Pyodide restores a snapshot into it. Only the
 * part below the stack is passed: the data segments lie there, the rest is zeros.
 * Passed to loadPyodide as `createPyodideModule`. If Pyodide ever instantiates some other
 * way, the module is refused before any snapshot is restored into it.
 */
export function watchFreshMemory(factory, onMemory) {
  let called = false;
  const create = (settings) => {
    const instantiate = settings.instantiateWasm;
    if (typeof instantiate === "function") {
      settings.instantiateWasm = (imports, receive) => instantiate(imports, (instance, module) => {
        called = true;
        const { memory, __stack_low: stackLow } = instance.exports;
        const end = stackLow instanceof WebAssembly.Global ? stackLow.value : memory.buffer.byteLength;
        onMemory(new Uint8Array(memory.buffer, 0, end));
        return receive(instance, module);
      });
    }
    return Promise.resolve(factory(settings)).then((module) => {
      if (!called) throw new Error("snapshot: Pyodide's fresh memory was not seen");
      return module;
    });
  };
  return create;
}
