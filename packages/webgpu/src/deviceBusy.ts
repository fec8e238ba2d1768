/**
 * Device busy time, measured from the queue: a submit starts a busy interval when nothing was in
 * flight, and the interval ends when onSubmittedWorkDone of the last outstanding submit resolves.
 * Dawn resolves that promise when it next polls its events, so busy time is an over-estimate and
 * idle time (wall time minus busy) an under-estimate: the GPU is idle at least that share.
 */
export class DeviceBusyClock {
  private outstanding = 0;
  private busySince = 0;
  private doneMs = 0;

  /** Record one queue.submit on `queue` (call right after it). */
  submitted(queue: GPUQueue): void {
    if (this.outstanding++ === 0) this.busySince = performance.now();
    queue.onSubmittedWorkDone().then(
      () => this.settle(),
      () => this.settle(),
    );
  }

  /** Busy milliseconds since the clock was made, including the interval in flight now. */
  busyMs(): number {
    return this.doneMs + (this.outstanding > 0 ? performance.now() - this.busySince : 0);
  }

  private settle(): void {
    if (--this.outstanding === 0) this.doneMs += performance.now() - this.busySince;
  }
}
