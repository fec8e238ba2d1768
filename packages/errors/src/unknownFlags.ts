/**
 * yargs' "Unknown arguments: bach-size, bachSize" re-worded as the flags the user typed, each with
 * the flag it most likely meant: "Unknown option --bach-size: did you mean --batch-size?". Plain
 * strings in and out: the command lines that use it pass yargs' message and their flags.
 */
import { closestName } from './closestName.js';

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** How `name` appeared on the command line: its dashes (`--`, `-`, or `--no-` for a negated boolean), or undefined when bare. */
function dashesOf(name: string, args: readonly string[]): string | undefined {
  const dashes = name.length === 1 ? '-' : '--';
  const typed = (prefix: string) => args.some((a) => a === `${prefix}${name}` || a.startsWith(`${prefix}${name}=`));
  if (typed(dashes)) return dashes;
  if (typed('--no-')) return '--no-';
  return args.includes(name) ? undefined : dashes;
}

/** One line for an unknown flag typed as `dashes` + `name`, with the known flag it most likely meant. */
function unknownFlagLine(name: string, dashes: string, known: readonly string[], synonyms: Readonly<Record<string, string>>): string {
  const synonym = synonyms[name];
  const meant = synonym !== undefined && known.includes(synonym) ? synonym : closestName(name, known);
  const prefix = dashes === '-' ? '--' : dashes;
  return `Unknown option ${dashes}${name}${meant === undefined ? '' : `: did you mean ${prefix}${meant}?`}`;
}

/** The long flags in `args` that `known` lacks (in any spelling yargs accepts: `--batchSize`, `--no-hflip`, `--lr=1`). */
function unknownLongFlags(args: readonly string[], known: readonly string[]): [name: string, dashes: string][] {
  const out: [string, string][] = [];
  for (const arg of args) {
    const m = /^(--(?:no-)?)([a-zA-Z][\w-]*)(=.*)?$/.exec(arg);
    if (!m) continue;
    const [dashes, name] = [m[1]!, m[2]!];
    if (known.includes(kebab(name)) || (dashes === '--' && known.includes(kebab(name).replace(/^no-/, '')))) continue;
    out.push([name, dashes]);
  }
  return out;
}

/**
 * yargs' "Invalid values:\n  Argument: backend, Given: "gpu", Choices: "auto", "webgpu"" in
 * Maskflow's wording, one line per flag, with the choice a typo most likely meant; undefined when
 * `message` is not that.
 */
function explainInvalidChoices(message: string): string | undefined {
  const lines = message.split('\n');
  if (lines[0] !== 'Invalid values:') return undefined;
  const explained = lines.slice(1).map((line) => {
    const m = /^\s*Argument: ([\w-]+), Given: (.+), Choices: (.+)$/.exec(line);
    if (m === null) return line.trim();
    const [, flag, given, list] = m as unknown as [string, string, string, string];
    const choices = list.split(', ');
    const meant = closestName(given.replace(/^"|"$/g, ''), choices.map((c) => c.replace(/^"|"$/g, '')));
    return `Expected one of ${choices.join(', ')} for --${flag} but received ${given}${meant === undefined ? '' : `: did you mean "${meant}"?`}`;
  });
  return explained.join('\n');
}

/**
 * `message` with each unknown flag named as typed and the known flag it most likely meant: its
 * entry in `synonyms` (names from other tools, too far apart to be typos) when `known` (the
 * command's flags) has it, else the nearest by spelling. yargs reports a missing required flag
 * before an unknown one, so a misspelt required flag (`--dat`) is added to that message too. A
 * value outside a flag's choices is told the same way, with the choice it most likely meant.
 * Positional arguments and every other message pass unchanged.
 */
export function explainUnknownFlags(
  message: string,
  args: readonly string[],
  known: readonly string[],
  synonyms: Readonly<Record<string, string>> = {},
): string {
  if (/^Missing required arguments?: /.test(message) && known.length > 0) {
    return [message, ...unknownLongFlags(args, known).map(([name, dashes]) => unknownFlagLine(name, dashes, known, synonyms))].join('\n');
  }
  const choices = explainInvalidChoices(message);
  if (choices !== undefined) return choices;
  const match = /^Unknown arguments?: (.+)$/.exec(message);
  if (!match) return message;
  const names = match[1]!.split(', ');
  // yargs names an unknown dashed flag twice, as typed and in camelCase: keep the one typed.
  const typed = names.filter((n) => kebab(n) === n || !names.includes(kebab(n)));
  return typed
    .map((name) => {
      const dashes = dashesOf(name, args);
      return dashes === undefined ? `Unknown argument: ${name}` : unknownFlagLine(name, dashes, known, synonyms);
    })
    .join('\n');
}

/**
 * The flags of the command whose parse failed, from what yargs hands its failure callback: its
 * usage instance (the typings say Argv), whose getDescriptions() lists them; none if that changes.
 */
export function describedFlags(usage: unknown): string[] {
  const described = (usage as { getDescriptions?: () => Record<string, unknown> } | undefined)?.getDescriptions?.();
  return described === undefined ? [] : Object.keys(described);
}
