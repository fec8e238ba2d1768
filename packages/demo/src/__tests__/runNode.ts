/** Run a Node script (TypeScript through tsx) in a child process and collect its output. */
import { spawn } from 'node:child_process';

/** Resolve with stdout when the script exits 0; reject with its stderr otherwise. */
export function runNode(args: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(stdout) : fail(new Error(`${args.join(' ')} exited with ${code}:\n${stderr}`))));
  });
}
