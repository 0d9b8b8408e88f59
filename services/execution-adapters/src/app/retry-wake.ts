// How the executor tells the retry scheduler that it has just scheduled a retry, so the scheduler
// can sleep until the next one it knows of instead of polling (its own file: the scheduler depends
// on the executor).
export class RetryWake {
  private listener: (() => void) | undefined;

  listen(listener: () => void): void {
    this.listener = listener;
  }

  wake(): void {
    this.listener?.();
  }
}
