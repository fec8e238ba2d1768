/** `--foreground 1,3` or `--foreground '#c00000,#00c000'`: the mask values or colours that are the object, for a label map. */
import { OptionTypeError } from '@maskflow/errors';
import { checkForeground, type Foreground } from '@maskflow/pipeline';

/** Read a list given as "1,3" or "#c00000" (flag), a number, or [1, 3] / ["#c00000"] (config file, saved config.json); checked by the pipeline's rule. */
export function parseForeground(option: string, value: unknown): Foreground | undefined {
  let list: unknown = value;
  if (typeof value === 'number') list = [value];
  else if (typeof value === 'string') {
    const parts = value.split(',').map((part) => part.trim());
    if (parts.some((part) => !/^(\d+|#[0-9a-fA-F]{6})$/.test(part))) throw new OptionTypeError(option, "mask values or #rrggbb colours separated by commas, such as 1,3 or '#c00000'", value);
    list = parts.map((part) => (part.startsWith('#') ? part : Number(part)));
  }
  return checkForeground(option, list);
}
