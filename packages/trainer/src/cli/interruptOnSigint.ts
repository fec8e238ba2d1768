/** Ctrl-C during training: the first SIGINT asks for a clean stop, the second exits at once. */

/** An AbortSignal fired by SIGINT, and a function that removes the handler. */
export function interruptOnSigint(say: (message: string) => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) {
      say('Second interrupt: exiting without saving.');
      process.exit(130);
    }
    say('Interrupt: finishing the current step and saving last/ (Ctrl-C again to quit at once).');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
