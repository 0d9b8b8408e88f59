// The consumer runner exposed to Nest as a custom transport strategy, so a service's handlers are
// `@EventPattern(EventTypes.X)` methods. Nest's built-in Kafka transport has no dead-lettering,
// no batch consumption and little commit control (nestjs/nest issues 14664, 12703, 9455); this
// one hands each group the runner takes over to the handlers registered for its types and lets
// the runner do the rest. A handler is called once per group with the group's records of its type
// (or types, for a list pattern), in order, and the group's transaction:
//
//   @EventPattern(EventTypes.ActionApprovedV1)
//   onApproved(@Payload() records: readonly ReceivedEvent<'action.approved.v1'>[], @Ctx() manager: EntityManager)
//
// It may return the records it refused (RefusedRecord[]): they are dead-lettered while the rest of
// the group goes on. Records of a type no handler is registered for are acknowledged and skipped.
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom, isObservable } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { ConsumerRunner, ConsumerRunnerOptions, ReceivedEvent, RefusedRecord } from '@governor/messaging';

export type GovernorKafkaServerOptions = Omit<ConsumerRunnerOptions, 'handle'>;

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
    this.runner = new ConsumerRunner({ ...this.options, handle: (records, manager) => this.dispatch(records, manager) });
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

  /**
   * Each handler with the group's records of its types, handler by handler in order of each one's
   * first record (one handler registered for a list of types gets them all in one call).
   */
  private async dispatch(records: readonly ReceivedEvent[], manager: EntityManager | undefined): Promise<RefusedRecord[]> {
    const byHandler = new Map<MessageHandler, ReceivedEvent[]>();
    for (const record of records) {
      const handler = this.handlerFor(record.event.type);
      if (!handler) continue;
      const same = byHandler.get(handler);
      if (same) same.push(record);
      else byHandler.set(handler, [record]);
    }
    const refused: RefusedRecord[] = [];
    for (const [handler, group] of byHandler) refused.push(...refusedRecords(await invoke(handler, group, manager)));
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
async function invoke(handler: MessageHandler, records: readonly ReceivedEvent[], manager: EntityManager | undefined): Promise<unknown> {
  const result: unknown = await handler(records, manager);
  return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
}

/** What a handler answered: the records it refused, if it says any. */
function refusedRecords(answer: unknown): RefusedRecord[] {
  return Array.isArray(answer) ? (answer as RefusedRecord[]) : [];
}
