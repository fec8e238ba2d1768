import { resolve } from 'node:path';
import { hideBin } from 'yargs/helpers';
import { validateDataset, type ValidationReport } from '@maskflow/datasets';
import { UsageError, cliParser, isMainModule, parseOrExplain, processIo, type ScriptIo } from './cliArgs.js';

/** Turn `pnpm data:check` arguments into the dataset directory; throws UsageError naming a bad flag. */
export function parseCheckArgs(args: string[]): { dataDir: string } | 'help' {
  const argv = cliParser(args, 'data:check', '$0 --data DIR\n\nCheck a Carvana or images/ + masks/ data set and list every problem (exit 1 if any).')
    .option('data', { type: 'string', demandOption: true, describe: 'dataset directory (holding train/ or images/)' })
    .help('help')
    .showHelpOnFail(false)
    .parseSync();
  if (argv.help) return 'help';
  if (argv.data.trim() === '') throw new UsageError('Expected a directory path for --data but received ""');
  return { dataDir: resolve(argv.data) };
}

/** The report as lines for people: layout and counts, problems per kind, every problem, then the notes. */
export function formatReport(report: ValidationReport): string[] {
  const lines = [`${report.root}: layout ${report.layout ?? 'unknown'}, ${report.samples} samples, ${report.problems.length} problems`];
  const perKind = new Map<string, number>();
  for (const p of report.problems) perKind.set(p.kind, (perKind.get(p.kind) ?? 0) + 1);
  for (const [kind, count] of perKind) lines.push(`  ${kind}: ${count}`);
  for (const p of report.problems) lines.push(`${p.kind}: ${p.message}`);
  for (const note of report.notes) lines.push(`note: ${note}`);
  if (report.problems.length === 0) lines.push('OK');
  return lines;
}

/** Run `data:check`: returns the exit code (0 clean, 1 problems found, 2 usage error). */
export async function main(args: string[], io: ScriptIo = processIo): Promise<number> {
  const parsed = parseOrExplain(parseCheckArgs, args, io, 'data:check');
  if (parsed === undefined) return 2;
  if (parsed === 'help') return 0;
  const report = await validateDataset(parsed.dataDir);
  for (const line of formatReport(report)) io.out(line);
  return report.problems.length === 0 ? 0 : 1;
}

if (isMainModule(import.meta.url)) process.exitCode = await main(hideBin(process.argv));
