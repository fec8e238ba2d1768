/** `--foreground 1,3`: the mask values that are the object, for a label map. */
import { OptionTypeError } from '@maskflow/errors';
import { checkForeground } from '@maskflow/pipeline';

/** Read a value list given as "1,3" or "1" (flag), a number, or [1, 3] (config file, saved config.json); checked by the pipeline's rule. */
export function parseForeground(option: string, value: unknown): readonly number[] | undefined {
  let list: unknown = value;
  if (typeof value === 'number') list = [value];
  else if (typeof value === 'string') {
    const parts = value.split(',').map((part) => part.trim());
    if (parts.some((part) => !/^\d+$/.test(part))) throw new OptionTypeError(option, 'mask values separated by commas, such as 1,3', value);
    list = parts.map(Number);
  }
  return checkForeground(option, list);
}
