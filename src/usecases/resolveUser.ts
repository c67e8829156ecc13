import type { UserMention } from '../domain/commandTypes';
import { AppError } from '../errors';
import type { People } from './people';

/** A person named in a command, as a user id; a name nobody has is the caller's mistake. */
export async function resolveUser(people: People, who: UserMention): Promise<string> {
  if (who.kind === 'id') {
    if (await people.userExists(who.id)) return who.id;
    throw new AppError('USER_NOT_FOUND', { kind: 'user_not_found' });
  }
  const id = await people.findUserByName(who.name);
  if (id) return id;
  throw new AppError('USER_NOT_FOUND', { kind: 'user_not_found', name: who.name });
}
