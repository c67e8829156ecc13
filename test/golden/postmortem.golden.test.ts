import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildPostmortemModel } from '../../src/domain/postmortem';
import type { PostmortemInput } from '../../src/domain/postmortemInput';
import { createPostmortemRenderer } from '../../src/render/postmortem';
import { dstStory, hostileStory, sliceStory, sparseStory } from './fixtures';

/**
 * Whole documents, byte for byte. After a deliberate change to the template or
 * the model, regenerate with `UPDATE_GOLDEN=1 npx jest test/golden` and read
 * every changed file under test/golden/expected before committing it.
 */
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const templates = path.join(__dirname, 'templates');

function draft(input: PostmortemInput, timezone: string, templatePath?: string): string {
  const renderer = createPostmortemRenderer({ timezone, ...(templatePath ? { templatePath } : {}) });
  return renderer.render(buildPostmortemModel(input, { timezone }));
}

function expectGolden(name: string, markdown: string): void {
  const file = path.join(__dirname, 'expected', `${name}.md`);
  if (UPDATE) {
    writeFileSync(file, markdown);
    return;
  }
  if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npx jest test/golden and read it`);
  expect(markdown).toBe(readFileSync(file, 'utf8'));
}

describe('postmortem drafts (golden files)', () => {
  it('keeps the lines the end-to-end slice test relies on', () => {
    const markdown = draft(sliceStory(), 'America/New_York');
    expectGolden('slice', markdown);
    const lines = markdown.split('\n');
    expect(lines).toContain('# Postmortem: Checkout API returns 500s for EU customers on July 10, 2024');
    expect(lines).toContain('**Duration**: 10:00 AM to 12:45 PM EDT (2 hours and 45 minutes)');
    expect(lines).toContain('- **10:29 AM** — Error rate is 40% on checkout-api since 09:58 (Bob Baker)');
    expect(lines).toContain('- **10:00 AM** — Incident declared: Checkout API returns 500s for EU customers (Alice Archer)');
  });

  it('spans two days across the end of daylight saving time', () => {
    expectGolden('dst-multi-day', draft(dstStory(), 'America/New_York'));
  });

  it('asks for everything the channel did not tell', () => {
    expectGolden('sparse-todos', draft(sparseStory(), 'America/New_York'));
  });

  it('keeps Markdown in user text from changing the document', () => {
    expectGolden('markdown-hostile', draft(hostileStory(), 'America/Los_Angeles'));
  });

  it('renders a custom template with its own partials', () => {
    expectGolden('custom-brief', draft(dstStory(), 'America/New_York', path.join(templates, 'brief', 'postmortem.md.hbs')));
  });
});

describe('the renderer', () => {
  it('refuses a model whose days were worked out in another zone', () => {
    const renderer = createPostmortemRenderer({ timezone: 'America/New_York' });
    const model = buildPostmortemModel(sliceStory(), { timezone: 'Europe/Paris' });
    expect(() => renderer.render(model)).toThrow('postmortem model built for Europe/Paris, but the renderer prints times in America/New_York');
  });

  it('names the template when the file is missing', () => {
    const templatePath = path.join(templates, 'nowhere.md.hbs');
    expect(() => createPostmortemRenderer({ timezone: 'UTC', templatePath })).toThrow(`Postmortem template ${templatePath} cannot be used`);
  });
});

describe('a custom template that does not fit the model', () => {
  it.each([
    ['a missing field in a mustache', 'missing-field.md.hbs', /"incidentTitle" not defined/],
    ['a missing field in a block helper', 'missing-in-block.md.hbs', /the template reads "followUps", which the model does not have/],
    ['a missing nested field', 'missing-nested.md.hbs', /the template reads "owners", which the model\.actions\[0\] does not have/],
    ['a missing partial', 'missing-partial.md.hbs', /The partial summary could not be found/],
  ])('fails at creation, naming the template, for %s', (_case, file, reason) => {
    const templatePath = path.join(templates, 'broken', file);
    const create = () => createPostmortemRenderer({ timezone: 'America/New_York', templatePath });
    expect(create).toThrow(`Postmortem template ${templatePath} cannot be used`);
    expect(create).toThrow(reason);
  });
});
