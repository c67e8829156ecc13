import type { Logger } from '@slack/bolt';
import type { ServiceDeps } from '../../services/deps';
import type { BackgroundTasks } from '../background';

export interface ListenerDeps {
  services: ServiceDeps;
  background: BackgroundTasks;
  logger: Logger;
}
