// Loads @prisma/schema-engine-wasm without `--experimental-wasm-modules` (its entry point imports the
// .wasm file as an ES module, which plain Node cannot do) and creates an engine bound to a driver adapter.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { forwardWasmLog } from './log.mjs';

const require = createRequire(import.meta.url);
// The package's "exports" hide package.json, so locate the directory through its entry point.
const wasmPackageDir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));

/** Receives the message of a Rust panic (the wasm panic hook calls `set_message`). */
export const panicRegistry = {
  message: null,
  set_message(message) {
    this.message = message;
  },
};
globalThis.PRISMA_WASM_PANIC_REGISTRY = panicRegistry;

let bindingsPromise;
export function loadWasmBindings() {
  bindingsPromise ??= (async () => {
    const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await fs.promises.readFile(path.join(wasmPackageDir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return bg;
  })();
  return bindingsPromise;
}

/**
 * @param {[string, string][]} datamodels  [path, content] pairs
 * @param {object} adapterFactory  a migration-aware SqlDriverAdapterFactory (connect + connectToShadowDb)
 */
export async function createWasmEngine(datamodels, adapterFactory) {
  const bg = await loadWasmBindings();
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  return bg.SchemaEngine.new({ datamodels: datamodels.length ? datamodels : undefined }, forwardWasmLog, bound);
}
