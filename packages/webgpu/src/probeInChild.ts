/** Ask Dawn for an adapter in a child process: what 'auto' does before it loads a driver into the run. */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { DAWN_FLAGS } from './createDawnDevice.js';
import { describeAdapter, type AdapterDescription, type AdapterFacts } from './describeAdapter.js';
import { applyVulkanIcd, type VulkanIcd } from './findVulkanIcd.js';

/**
 * What the child saw: Dawn's high-performance adapter, no adapter, or why the probe itself failed;
 * with the last lines the driver and Dawn wrote to stderr (for `maskflow doctor` to show).
 */
export type ChildProbe = (
  | { kind: 'adapter'; description: AdapterDescription }
  | { kind: 'none' }
  /** The webgpu package (dawn.node) did not load: `message` is the loader's. */
  | { kind: 'unloadable'; message: string }
  | { kind: 'failed'; reason: string }
) & { driverOutput: string[] };

/** Options of {@link probeAdapterInChild}; `script` and `module` replace the child's code and the webgpu package (tests). */
export interface ChildProbeOptions {
  /** Kill the child after this long (default 30 s: a hung driver must not hold up a training run). */
  timeoutMs?: number;
  script?: string;
  /** URL of a module with `create(flags)` to load instead of the webgpu package. */
  module?: string;
}

// Plain JavaScript (the child runs without tsx): load the webgpu package from the URL in argv[1],
// create an instance with the flags in argv[2], and print the adapter's facts as one JSON line.
// Adapter info and limits are getters on native objects, so they are copied field by field. A
// package that does not load, or a JavaScript error, is reported as JSON too, so the parent can
// tell it from a driver that took the process down.
const PROBE_SCRIPT = `
const report = (o) => process.stdout.write(JSON.stringify(o) + '\\n', () => process.exit(0));
const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));
let create;
try {
  ({ create } = await import(process.argv[1]));
} catch (e) {
  report({ loadError: String(e && e.message ? e.message : e) });
}
if (create !== undefined) {
  try {
    const adapter = await create([process.argv[2]]).requestAdapter({ powerPreference: 'high-performance' });
    report({ adapter: adapter === null ? null : {
      info: pick(adapter.info, ['vendor', 'architecture', 'device', 'description', 'isFallbackAdapter', 'adapterType']),
      limits: pick(adapter.limits, ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupsPerDimension']),
      isFallbackAdapter: adapter.isFallbackAdapter,
    } });
  } catch (e) {
    report({ error: String(e && e.message ? e.message : e) });
  }
}
`;

/**
 * Run Dawn's adapter request in a child node process with the Vulkan loader pointed at `icd`.
 * Why a child: on a machine without a GPU, Mesa's drivers and Dawn print warnings to stderr as they
 * start (they would precede every `maskflow train`), and a broken driver can crash or hang the
 * process that loads it. The child's stderr comes back as `driverOutput`, not on this process's. Never rejects.
 */
export function probeAdapterInChild(icd: VulkanIcd, opts: ChildProbeOptions = {}): Promise<ChildProbe> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const env = { ...process.env };
  applyVulkanIcd(icd, env);
  const webgpuUrl = opts.module ?? pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  const args = ['--input-type=module', '-e', opts.script ?? PROBE_SCRIPT, webgpuUrl, DAWN_FLAGS];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const driverOutput = lastLines(stderr, 20);
      const lastWords = driverOutput.at(-1);
      const said = lastWords === undefined ? '' : ` (its last output: "${lastWords}")`;
      const failed = (reason: string): void => resolve({ kind: 'failed', reason, driverOutput });
      if (err !== null) {
        const e = err as Error & { killed?: boolean; signal?: NodeJS.Signals | null; code?: number | string | null };
        if (e.killed === true && e.signal === 'SIGKILL') return failed(`gave no answer in ${timeoutMs / 1000} s and was stopped${said}`);
        if (e.signal) return failed(`crashed with ${e.signal}${said}`);
        return failed(`exited with code ${String(e.code)}${said}`);
      }
      const report = parseReport(stdout);
      if (report === undefined) return failed(`ended without an adapter report${said}`);
      if ('loadError' in report) return resolve({ kind: 'unloadable', message: report.loadError, driverOutput });
      if ('error' in report) return failed(`threw: ${report.error}`);
      resolve(report.adapter === null ? { kind: 'none', driverOutput } : { kind: 'adapter', description: describeAdapter(report.adapter), driverOutput });
    });
  });
}

/** What the child prints: the adapter's facts (null: no adapter), or why it could not ask. */
type ChildReport = { adapter: AdapterFacts | null } | { loadError: string } | { error: string };

/** The child's last stdout line as a report, or undefined when there is none or it does not parse. */
function parseReport(stdout: string): ChildReport | undefined {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as unknown;
    if (parsed === null || typeof parsed !== 'object') return undefined;
    return 'adapter' in parsed || 'loadError' in parsed || 'error' in parsed ? (parsed as ChildReport) : undefined;
  } catch {
    return undefined;
  }
}

/** The last `n` non-empty lines of `text`, trimmed, each cut at 300 characters. */
function lastLines(text: string, n: number): string[] {
  return text
    .split('\n')
    .map((l) => l.trim().slice(0, 300))
    .filter((l) => l !== '')
    .slice(-n);
}
