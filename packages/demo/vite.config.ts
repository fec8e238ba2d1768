/** Vite config of the demo page: relative base, and tfjs-backend-wasm's binaries shipped beside it. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/** The .wasm files the wasm backend fetches at run time (plain, SIMD, SIMD + threads). */
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
/** Where the page looks for them (backends.ts: setWasmPaths). */
export const WASM_DIR = 'tfjs-wasm';

const wasmDist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));

/** Emit the installed tfjs-backend-wasm binaries into the build, and serve them in dev. */
function tfjsWasm(): Plugin {
  return {
    name: 'maskflow-tfjs-wasm',
    generateBundle() {
      for (const file of WASM_FILES) this.emitFile({ type: 'asset', fileName: `${WASM_DIR}/${file}`, source: readFileSync(join(wasmDist, file)) });
    },
    configureServer(server) {
      server.middlewares.use(`/${WASM_DIR}`, (req, res, next) => {
        const file = WASM_FILES.find((f) => req.url === `/${f}`);
        if (file === undefined) return next();
        res.setHeader('Content-Type', 'application/wasm');
        res.end(readFileSync(join(wasmDist, file)));
      });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [tfjsWasm()],
  server: { host: '127.0.0.1' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4096, reportCompressedSize: false },
});
