// What survives a reload: the open channel (in the URL's hash, so it can be linked) and the chosen person.

import type { View } from './sidebar';

const PERSON_KEY = 'playground.as';

export function readHash(): View | null {
  const hash = window.location.hash.replace(/^#\/?/, '');
  if (hash === 'home') return { kind: 'home' };
  const m = /^c\/([A-Za-z0-9]+)$/.exec(hash);
  return m?.[1] ? { kind: 'channel', id: m[1] } : null;
}

export function writeHash(view: View | null): void {
  const hash = view === null ? '' : view.kind === 'home' ? '#/home' : `#/c/${view.id}`;
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
}

export function savedPerson(): string | null {
  try {
    return window.localStorage.getItem(PERSON_KEY);
  } catch {
    return null;
  }
}

export function savePerson(id: string): void {
  try {
    window.localStorage.setItem(PERSON_KEY, id);
  } catch {
    // Storage may be off (private windows); the choice then lasts until reload.
  }
}
