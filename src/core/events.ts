/**
 * Events between modules, inside the caller's transaction. A module that changes its own rows publishes what
 * happened («consent revoked», «order approved»); the modules for which that means something subscribe and
 * change THEIR rows in the same transaction — so consents never write bank entries, orders never write pairs,
 * and a failing subscriber rolls the whole change back. The catalogue of events is src/domain/events.ts;
 * the subscriptions are wired once, in src/modules/index.ts.
 */
export type Handler<S, P> = (scope: S, payload: P) => Promise<void>;

export class EventBus<S, Events extends object> {
  private readonly handlers = new Map<keyof Events, Handler<S, never>[]>();

  on<E extends keyof Events>(event: E, handler: Handler<S, Events[E]>): void {
    const list = this.handlers.get(event) ?? [];
    list.push(handler as Handler<S, never>);
    this.handlers.set(event, list);
  }

  /** Runs the subscribers one after another with the publisher's scope (its transaction). */
  async publish<E extends keyof Events>(scope: S, event: E, payload: Events[E]): Promise<void> {
    for (const handler of this.handlers.get(event) ?? []) await (handler as Handler<S, Events[E]>)(scope, payload);
  }

  /** Who listens to what (for the architecture test and the docs). */
  subscriptions(): Map<keyof Events, number> {
    return new Map([...this.handlers].map(([event, list]) => [event, list.length]));
  }
}
