/**
 * What a log line is about, as fields of its own (src/logger.ts writes them as JSON keys): the
 * incident, the inbox item, the id Slack gave the request, the outbox job. Never tokens or what
 * people wrote.
 */
export interface LogBindings {
  /** The incident's number, as people know it. */
  incident?: number;
  incidentId?: string;
  /** The inbox item (`evt:<event_id>`, `cmd:<trigger_id>`, `view:<id>`). */
  inboxId?: string;
  /** Slack's own id for the request: the event_id, a command's or an interaction's trigger_id, a view's id. */
  slackRequestId?: string;
  /** The outbox job. */
  job?: string;
  channel?: string;
  /** How many items a line is about (a batch). */
  items?: number;
}

/** A logger that may carry bindings; the write path takes any logger and adds them when it can. */
export type Bindable<L> = L & { child?(bindings: LogBindings): Bindable<L> };

/** The logger with these fields on every line, or the logger itself when it cannot carry fields. */
export const withBindings = <L>(log: Bindable<L>, bindings: LogBindings): Bindable<L> => log.child?.(bindings) ?? log;

/** An inbox item's fields: its id, and the id Slack gave the request it came from (part of that id). */
export function inboxBindings(inboxId: string): LogBindings {
  const [, slackRequestId] = /^(?:evt|cmd|view):([^:]+)/.exec(inboxId) ?? [];
  return { inboxId, ...(slackRequestId ? { slackRequestId } : {}) };
}
