/** Slack channel names: lowercase letters, digits, `-` and `_`, at most 80 characters. */
export const MAX_CHANNEL_NAME = 80;
export const MAX_SLUG = 50;
export const FALLBACK_SLUG = 'incident';

export function slugify(title: string, max = MAX_SLUG): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents left over by NFKD
    .toLowerCase()
    // Slack mentions and links are not words of the title. A token never holds a `<`, so each scan stops at the
    // next one: linear, where `<[^>]*>` rescans to the end from every `<` of a title that never closes one.
    .replace(/<[^<>]*>/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = slug.slice(0, max).replace(/-+$/, '');
  return cut || FALLBACK_SLUG;
}

/**
 * `<prefix>-<n>-<slug>`; attempt > 1 adds `-<attempt>` for when the name is
 * taken (a channel made by hand, or numbers reused after a database reset).
 */
export function incidentChannelName(prefix: string, number: number, title: string, attempt = 1): string {
  const head = `${prefix}-${number}-`;
  const tail = attempt > 1 ? `-${attempt}` : '';
  const room = Math.min(MAX_SLUG, MAX_CHANNEL_NAME - head.length - tail.length);
  return `${head}${slugify(title, room)}${tail}`;
}
