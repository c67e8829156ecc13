import type { Logger } from '@slack/bolt';
import type { Receive } from '../../inbox/receive';
import type { Bindable } from '../../logContext';
import type { Settings } from '../../usecases/deps';
import type { SlackWrites } from '../webApi';

export interface ListenerDeps {
  receive: Receive;
  settings: Settings;
  /** For the one call that cannot wait for the outbox: opening a form (its trigger lives 3 s). */
  slack: Pick<SlackWrites, 'openModal'>;
  /** Lines about one request carry its ids: `withBindings(deps.logger, inboxBindings(id))`. */
  logger: Bindable<Logger>;
}
