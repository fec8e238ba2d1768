/** Run the `maskflow` CLI in-process for a test, capturing what it prints. */
import { vi } from 'vitest';
import { runCli } from '../cli.js';

/** What one CLI run returned and printed (stdout and console.log in `out`, stderr and console.error in `err`). */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Run the CLI on `args` with stdout, stderr and the console captured, then restore them. */
export async function runCliCaptured(args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    out += `${a.join(' ')}\n`;
  });
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    err += `${a.join(' ')}\n`;
  });
  try {
    return { code: await runCli(args), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}
