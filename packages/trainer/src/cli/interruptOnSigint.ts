/** Ctrl-C during training (or prediction): the first SIGINT asks for a clean stop, the second exits at once. */

const TRAINING = {
  first: 'Interrupt: finishing the current step and saving last/ (Ctrl-C again to quit at once).',
  second: 'Second interrupt: exiting without saving.',
};

/** An AbortSignal fired by SIGINT, and a function that removes the handler; `messages` default to training's. */
export function interruptOnSigint(say: (message: string) => void, messages: { first: string; second: string } = TRAINING): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) {
      say(messages.second);
      process.exit(130);
    }
    say(messages.first);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
