/** Errors the page shows to the user as they are: what is wrong and what to do. */
import { UserError } from '@maskflow/errors';

/** A problem with the user's input (model files, image, URL): its message is shown on the page. */
export class DemoError extends UserError {
  override readonly name = 'DemoError';
}

/**
 * The text to show for any error: a user's mistake (DemoError, or an option error of
 * @maskflow/preprocess) as its own message, else "Unexpected error: ...".
 */
export function messageOf(error: unknown): string {
  if (error instanceof UserError) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${text}. Reload the page and try again; if it persists, report it with the model and image.`;
}
