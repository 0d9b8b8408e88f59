// The consumer runner exposed to Nest as a custom transport strategy, so a service's handlers are
// `@EventPattern(EventTypes.X)` methods. Nest's built-in Kafka transport has no dead-lettering,
// no batch consumption and little commit control (nestjs/nest issues 14664, 12703, 9455); this
// one hands each validated event to the handler registered for its `type` and lets the runner do
// the rest. Events of a type no handler is registered for are acknowledged and skipped. With
// `groupHandlers`, a handler is called once per group of records instead (maxBatchRecords), with
// the group's records of its type (ReceivedEvent[], in order) as its payload, and may return the
// records it refused (RefusedRecord[]): they are dead-lettered while the rest of the group goes on.
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom, isObservable } from 'rxjs';
import { AnyContractEvent } from '@governor/contracts';
import { ConsumerRunner, ConsumerRunnerOptions, HandlerContext, ReceivedEvent, RefusedRecord } from '@governor/messaging';

export type GovernorKafkaServerOptions = Omit<ConsumerRunnerOptions, 'handle' | 'handleBatch'> & {
  /** Handlers take a group's records of their type at once (ReceivedEvent[]) instead of one event. */
  groupHandlers?: boolean;
};

export class GovernorKafkaServer extends Server implements CustomTransportStrategy {
  private runner: ConsumerRunner | undefined;
  /** Handlers by event type: Nest's lookup tries JSON.parse on the pattern (a throw per record). */
  private readonly handlers = new Map<string, MessageHandler | null>();

  constructor(private readonly options: GovernorKafkaServerOptions) {
    super();
  }

  get consumer(): ConsumerRunner | undefined {
    return this.runner;
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    const { groupHandlers, ...options } = this.options;
    this.runner = new ConsumerRunner(
      groupHandlers
        ? { ...options, handleBatch: (records) => this.dispatchGroup(records) }
        : { ...options, handle: (event, ctx) => this.dispatch(event, ctx) },
    );
    try {
      await this.runner.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.runner?.stop();
  }

  on(): never {
    throw new Error('GovernorKafkaServer has no events to subscribe to; use its consumer stats');
  }

  unwrap<T>(): T {
    return this.runner as T;
  }

  private async dispatch(event: AnyContractEvent, ctx: HandlerContext): Promise<void> {
    const handler = this.handlerFor(event.type);
    if (handler) await invoke(handler, event, ctx);
  }

  /** Each handler with the group's records of its type, type by type in order of first appearance. */
  private async dispatchGroup(records: readonly ReceivedEvent[]): Promise<RefusedRecord[]> {
    const byType = new Map<string, ReceivedEvent[]>();
    for (const record of records) {
      const same = byType.get(record.event.type);
      if (same) same.push(record);
      else byType.set(record.event.type, [record]);
    }
    const refused: RefusedRecord[] = [];
    for (const [type, group] of byType) {
      const handler = this.handlerFor(type);
      if (handler) refused.push(...refusedRecords(await invoke(handler, group)));
    }
    return refused;
  }

  private handlerFor(type: string): MessageHandler | null {
    let handler = this.handlers.get(type);
    if (handler === undefined) {
      handler = this.getHandlerByPattern(type);
      this.handlers.set(type, handler);
    }
    return handler;
  }
}

/** Calls a Nest handler and waits for it, whether it answers a promise or an observable. */
async function invoke(handler: MessageHandler, ...args: [unknown, unknown?]): Promise<unknown> {
  const result: unknown = await handler(...args);
  return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
}

/** What a group handler answered: the records it refused, if it says any. */
function refusedRecords(answer: unknown): RefusedRecord[] {
  return Array.isArray(answer) ? (answer as RefusedRecord[]) : [];
}
