/** Build the demo page with Vite (programmatically, as `pnpm demo` and the tests do). */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The demo package's directory (holds index.html and vite.config.ts). */
export const DEMO_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Options of {@link buildDemo}. */
export interface BuildDemoOptions {
  /** Where the page goes (emptied first). Default: packages/demo/dist. */
  outDir?: string;
}

/** Build the page into outDir and return it. Warnings and errors go to stderr, as Vite prints them. */
export async function buildDemo(options: BuildDemoOptions = {}): Promise<string> {
  const outDir = options.outDir ?? fileURLToPath(new URL('../../dist', import.meta.url));
  await build({ configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}
