import { escapeMarkdown } from '../../src/render/markdown';

describe('escapeMarkdown', () => {
  it('keeps emphasis, code, tables and links from taking effect', () => {
    expect(escapeMarkdown('*bold* _it_ `code` a|b [x](y) ![i](z) <b>')).toBe('\\*bold\\* \\_it\\_ \\`code\\` a\\|b \\[x\\](y) !\\[i\\](z) \\<b\\>');
  });
  it('leaves what cannot change the structure as typed', () => {
    expect(escapeMarkdown('p99 (EU) at 12s! C# & 1+1 #3')).toBe('p99 (EU) at 12s! C# & 1+1 #3');
  });
  it('keeps a line from starting a heading, list, quote or numbered item', () => {
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('> quote')).toBe('\\> quote');
    expect(escapeMarkdown('+ plus item')).toBe('\\+ plus item');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('version 1. ok')).toBe('version 1. ok');
  });
  it('keeps every line of a multi-line text inside the list item it is in', () => {
    expect(escapeMarkdown('one\n2. two\r\nthree')).toBe('one  \n  2\\. two  \n  three');
  });
});
