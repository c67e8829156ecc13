// What changed in the workspace, for anyone watching it live (the playground's page): a Web API call that
// wrote something, a person's action, an answer to a response_url, a view closed. Coarse on purpose: a
// watcher reads again what it shows; it never has to rebuild the workspace from a stream of changes.

export interface Change {
  /** The Web API method, or what a person did (`user`, `respond`, `view`). */
  what: string;
  /** The conversation it touched, where there is one. */
  channelId?: string;
  /** The person it concerns (an ephemeral message, a view, an App Home), where there is one. */
  userId?: string;
}

/** Methods that only read: nothing a watcher shows can have changed. */
const READS = /\.(info|list|history|replies|members|test|getPermalink|getUploadURLExternal)$|^apps\.connections\.open$/;

export class ChangeFeed {
  private readonly watchers = new Set<(change: Change) => void>();

  /** Calls `watch` after each change; the returned function stops it. */
  subscribe(watch: (change: Change) => void): () => void {
    this.watchers.add(watch);
    return () => this.watchers.delete(watch);
  }

  emit(change: Change): void {
    for (const watch of this.watchers) watch(change);
  }

  /** After a Web API call answered `ok`. */
  called(method: string, channelId: string | undefined, userId?: string): void {
    if (READS.test(method)) return;
    this.emit({ what: method, ...(channelId ? { channelId } : {}), ...(userId ? { userId } : {}) });
  }
}
