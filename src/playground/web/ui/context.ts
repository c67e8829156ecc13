// What every part of the page needs to know and do, passed down once through a Preact context.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Act, ActResult, ConversationSummary, Person, Session } from '../../protocol';
import type { TextContext } from '../text/mrkdwnTypes';

export interface Page {
  session: Session;
  /** The person the visitor acts as. */
  me: Person;
  /** Names, channels, the reader's zone and now: what text rendering needs. */
  text: TextContext;
  /** The channels the person sees, for `<#C…>` links and conversation menus. */
  conversations: ConversationSummary[];
  /** Bumped on every change the server reports: data hooks re-read when it moves. */
  version: number;
  /** Does an act as `me`; a refusal is shown to the visitor, and the answer returned for forms. */
  act(act: Act): Promise<ActResult>;
  openChannel(id: string): void;
  openThread(channelId: string, ts: string): void;
  openFile(id: string): void;
}

export const PageContext = createContext<Page | null>(null);

export function usePage(): Page {
  const page = useContext(PageContext);
  if (!page) throw new Error('usePage outside the page');
  return page;
}
