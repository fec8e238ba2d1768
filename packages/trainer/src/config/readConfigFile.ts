/** Read a `--config file.json`: an object of train options, keys camelCase or kebab-case. */
import { readFile } from 'node:fs/promises';
import { TrainerFileError } from '../errors.js';

/** The options in a JSON config file, keys normalized to camelCase (not yet validated). */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TrainerFileError(path, 'cannot read the config file', 'pass an existing JSON file to --config', { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TrainerFileError(path, `is not valid JSON (${reason})`, 'fix the file, e.g. {"epochs": 10, "size": "320x480"}', { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TrainerFileError(path, 'expected a JSON object of options', 'write e.g. {"epochs": 10, "batch-size": 4}');
  }
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    options[key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return options;
}
