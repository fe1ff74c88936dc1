import { describe, expect, it } from 'vitest';
import { stripQuotedReply, threadItemIds } from './quoted-reply.ts';
import { senderAllowed } from './senders.ts';

describe('stripQuotedReply', () => {
  it('keeps the new text above the quote header, wrapped or not, and drops > lines', () => {
    expect(stripQuotedReply('Done.\r\n\r\nOn Mon, 7 Dec 2026 at 10:00, Baton <no-reply@b.test> wrote:\r\n> old\r\n')).toBe('Done.');
    expect(stripQuotedReply('Done.\nOn Mon, 7 Dec 2026 at 10:00, Baton\n<no-reply@b.test> wrote:\n> old')).toBe('Done.');
    expect(stripQuotedReply('> a\nMine\n> b\nAlso mine')).toBe('Mine\nAlso mine');
    expect(stripQuotedReply('Yes\n-----Original Message-----\nFrom: x')).toBe('Yes');
    expect(stripQuotedReply('Yes\n-- \nAnn, Team Lead')).toBe('Yes');
    // a line that merely starts with "On" is text
    expect(stripQuotedReply('On it.\nShipping today.')).toBe('On it.\nShipping today.');
  });
});

describe('threadItemIds', () => {
  it("reads the item from Baton's Message-IDs and References only", () => {
    expect(threadItemIds(['<item-cmabc123def456.cmx1@in.test>', '<item-cmabc123def456@in.test>', '<other@mail.test>'])).toEqual(['cmabc123def456', 'cmabc123def456']);
    expect(threadItemIds(['<foo@bar>', 'item-x@y'])).toEqual([]);
  });
});

describe('senderAllowed', () => {
  it('lets anyone write with an empty list, else the address or its domain', () => {
    expect(senderAllowed([], 'a@x.test')).toBe(true);
    expect(senderAllowed(['@x.test'], 'A@X.test')).toBe(true);
    expect(senderAllowed(['ann@y.test'], 'ann@y.test')).toBe(true);
    expect(senderAllowed(['ann@y.test', '@x.test'], 'bob@y.test')).toBe(false);
    expect(senderAllowed(['@x.test'], 'a@sub.x.test')).toBe(false);
  });
});
