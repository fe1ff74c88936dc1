/**
 * The new part of a reply: stops at the quote header ("On Mon, 7 Dec 2026, Ann <ann@x> wrote:", which clients
 * may wrap onto two lines; Outlook's "-----Original Message-----") or a signature ("-- "), and drops `>` lines.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^On\s.*wrote:\s*$/.test(line)) break;
    if (/^On\s/.test(line) && /wrote:\s*$/.test(lines[i + 1] ?? '') && !/^>/.test(lines[i + 1] ?? '')) break;
    if (/^-{3,}\s*Original Message\s*-{3,}\s*$/i.test(line) || line === '-- ') break;
    if (line.startsWith('>')) continue;
    out.push(line);
  }
  return out.join('\n').trim();
}

/** The item a reply answers: Baton's notification Message-IDs and References read `<item-ID.…@domain>` or `<item-ID@domain>`. */
export function threadItemIds(messageIds: readonly string[]): string[] {
  return messageIds.flatMap((id) => {
    const m = /^<?item-([a-z0-9]{10,40})[.@]/i.exec(id.trim());
    return m ? [m[1]!] : [];
  });
}
