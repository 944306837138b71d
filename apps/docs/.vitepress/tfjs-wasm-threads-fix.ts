/**
 * Vite plugin: lets tfjs-backend-wasm 4.22 start its thread workers from a minified build.
 *
 * tfjs starts each wasm worker from `wasmFactoryThreadedSimd.toString()`: only the inner
 * Emscripten factory travels to the worker, not the closure around it that declares `_scriptDir`.
 * Unminified, every use of `_scriptDir` in the worker is behind `typeof _scriptDir !== 'undefined'`;
 * a minifier (knowing the variable is declared) drops that guard, and the worker dies with
 * "_scriptDir is not defined". Declaring the variable inside the factory makes it self-contained.
 * In a browser the value is the same: `document.currentScript` is null for ES modules.
 */

const THREADED_FACTORY = /@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;

const OUTER =
  "  var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;\n" +
  "  if (typeof __filename !== 'undefined') _scriptDir = _scriptDir || __filename;\n";
const INNER_START = 'function(WasmBackendModuleThreadedSimd) {\n';

/** Moves `_scriptDir` into the threaded factory; throws if tfjs changed the file's shape. */
export function moveScriptDirIntoFactory(code: string): string {
  const outerAt = code.indexOf(OUTER);
  const innerAt = code.indexOf(INNER_START);
  if (outerAt < 0 || innerAt < outerAt) {
    throw new Error(
      'tfjs-wasm-threads-fix: tfjs-backend-wasm-threaded-simd.js no longer has the expected shape; ' +
        'check whether the fix is still needed for this tfjs version',
    );
  }
  const withoutOuter = code.slice(0, outerAt) + code.slice(outerAt + OUTER.length);
  const at = withoutOuter.indexOf(INNER_START) + INNER_START.length;
  return withoutOuter.slice(0, at) + OUTER + withoutOuter.slice(at);
}

export function tfjsWasmThreadsFix() {
  return {
    name: 'ftheta:tfjs-wasm-threads-fix',
    enforce: 'pre' as const,
    apply: 'build' as const,
    transform(code: string, id: string) {
      if (!THREADED_FACTORY.test(id)) return null; // not the ?commonjs-* proxies
      return { code: moveScriptDirIntoFactory(code), map: null };
    },
  };
}
