/**
 * vitest global setup: every temporary file the tests make goes under one directory that is
 * removed when the run ends. Tests make their fixtures with mkdtemp(tmpdir()) and the CLIs they
 * spawn do the same; pointing TMPDIR at a fresh directory before the test workers start (they and
 * their child processes inherit the environment) keeps a run from leaving hundreds of directories
 * in /tmp, without every test file having to clean up after itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Point TMPDIR at a fresh directory; the returned teardown removes it. */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'maskflow-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
