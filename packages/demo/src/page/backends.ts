/** Pick the tfjs backend the page runs on: webgl, wasm or cpu, falling back in that order. */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** What the user can ask for: one backend, or the first that starts. */
export type BackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';

/** The backends the page offers, fastest first (the order 'auto' tries). */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;

/** The backend that runs, and why others were skipped. */
export interface ActiveBackend {
  name: string;
  /** For webgl: the renderer string (e.g. "SwiftShader" when there is no GPU). */
  detail: string;
  skipped: string[];
}

/**
 * The wasm backend fetches its .wasm binaries at run time: the build copies them next to the page
 * (vite.config.ts), so they are always the version of the bundled JS.
 */
setWasmPaths(new URL('tfjs-wasm/', document.baseURI).href);
/**
 * One wasm thread. The threaded build starts its workers from the *source text* of its factory
 * function (Function.prototype.toString into a blob); once bundled, that text refers to names that
 * only exist in the bundle ("e is not defined" in every worker). SIMD still applies.
 */
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return 'no WebGL2 context';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
}

/** Switch to `choice`, else the next backend that starts ('auto': the first fast one that starts). */
export async function useBackend(choice: BackendChoice): Promise<ActiveBackend> {
  const order = choice === 'auto' ? [...BACKENDS] : [choice, ...BACKENDS.filter((b) => b !== choice)];
  const skipped: string[] = [];
  for (const name of order) {
    // Without a GPU, Chromium's WebGL is SwiftShader on the CPU: ~15x slower than wasm for a U-Net
    // (344 vs 20 ms measured on a 64x64 model), so 'auto' passes it by; asking for webgl still gets it.
    if (name === 'webgl' && choice === 'auto' && /swiftshader|llvmpipe|software/i.test(webglRenderer())) {
      skipped.push(`webgl: software renderer (${webglRenderer()}), slower than wasm`);
      continue;
    }
    let ok: boolean;
    try {
      ok = await tf.setBackend(name);
    } catch (error) {
      skipped.push(`${name}: ${(error as Error).message}`);
      continue;
    }
    if (!ok) {
      skipped.push(`${name}: failed to start`);
      continue;
    }
    await tf.ready();
    const detail = name === 'webgl' ? webglRenderer() : name === 'wasm' ? `${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD'}, ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threads' : 'one thread'}` : 'plain JavaScript';
    return { name, detail, skipped };
  }
  throw new Error(`no tfjs backend could start (${skipped.join('; ')})`);
}
