/**
 * Work a command starts after its ack. Slack wants an answer within 3 s, and
 * declaring or closing an incident takes several Web API calls, so commands
 * ack at once and report through `respond()`; this set lets shutdown wait
 * for that work instead of cutting it off halfway.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  run(task: () => Promise<void>): void {
    const p = task()
      .catch(this.onError)
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  get size(): number {
    return this.running.size;
  }
}
