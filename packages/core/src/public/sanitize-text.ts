/** Control characters other than tab and newlines: never meaningful in an idea, sometimes used to hide things. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Plain-text fields from the public (names, titles) carry no markup: tags are dropped and whitespace folded.
 * Pages escape text anyway; this keeps emails, feeds and the team's views clean too.
 */
export function plainText(s: string): string {
  return s
    .replace(CONTROL, '')
    .replace(/<[^>]*>?/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Markdown from the public keeps its text; pages render it through the sanitizing renderer. */
export function publicMarkdown(s: string): string {
  return s.replace(CONTROL, '').replace(/\r\n?/g, '\n').trim();
}
