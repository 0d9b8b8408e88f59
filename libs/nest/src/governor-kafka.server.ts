// The consumer runner exposed to Nest as a custom transport strategy, so a service's handlers are
// `@EventPattern(EventTypes.X)` methods. Nest's built-in Kafka transport has no dead-lettering,
// no batch consumption and little commit control (nestjs/nest issues 14664, 12703, 9455); this
// one hands each validated event to the handler registered for its `type` and lets the runner do
// the rest. Events of a type no handler is registered for are acknowledged and skipped.
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom, isObservable } from 'rxjs';
import { AnyContractEvent } from '@governor/contracts';
import { ConsumerRunner, ConsumerRunnerOptions, HandlerContext } from '@governor/messaging';

export type GovernorKafkaServerOptions = Omit<ConsumerRunnerOptions, 'handle' | 'handleBatch'>;

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
    this.runner = new ConsumerRunner({ ...this.options, handle: (event, ctx) => this.dispatch(event, ctx) });
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
    if (!handler) return;
    const result: unknown = await handler(event, ctx);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
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
