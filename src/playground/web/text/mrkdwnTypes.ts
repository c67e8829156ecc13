// The parsed form of Slack's mrkdwn: a tree of plain strings and marks. The page renders it with Preact, which
// escapes every string, so nothing from a message ever reaches the DOM as HTML.

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'bold' | 'italic' | 'strike'; children: Inline[] }
  | { kind: 'code'; children: Inline[] }
  | { kind: 'user'; id: string; name: string }
  | { kind: 'channel'; id: string; name: string }
  /** @here, @channel, @everyone, a user group's handle. */
  | { kind: 'broadcast'; text: string }
  /** Only http(s) and mailto become links; any other scheme stays text. */
  | { kind: 'link'; url: string; text: string }
  /** A date token as the reader sees it; `url` when the token names a link. */
  | { kind: 'date'; text: string; url?: string; title: string }
  | { kind: 'emoji'; name: string; char: string };

/** One line is a list of inlines; a block is a run of plain lines, a quote, or a preformatted block. */
export type MrkdwnBlock =
  | { kind: 'lines'; lines: Inline[][] }
  | { kind: 'quote'; lines: Inline[][] }
  | { kind: 'pre'; children: Inline[] };

/** What the parser needs to know to show a message as one reader sees it. */
export interface TextContext {
  /** User id → display name (Session.names). */
  names: Record<string, string>;
  /** Channel id → name, for `<#C123>` written without a label. */
  channels: Record<string, string>;
  /** The reader's time zone, for date tokens. */
  zone: string;
  /** Now, in ms, for "Today" and `{ago}`. */
  now: number;
}
