import { cleanLine, cleanText } from '@baton/contracts';

/**
 * Text from the public is stored as written (pages, emails and feeds escape it where they show it): `<=`, code
 * such as `Promise<Item[]>` and joiners in emoji and Persian are kept. The input schemas already removed what is
 * dangerous (packages/contracts/src/text.ts); names and titles also get their whitespace folded to one line.
 */
export function plainText(s: string): string {
  return cleanLine(s).replace(/\s+/g, ' ').trim();
}

/** Markdown from the public keeps its text; pages render it through the sanitizing renderer. */
export function publicMarkdown(s: string): string {
  return cleanText(s).replace(/\r\n?/g, '\n').trim();
}
