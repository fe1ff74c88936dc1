import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// Own instance: no global options leak between callers. GFM for tables and autolinks; raw HTML in the source
// is parsed by marked and then removed or escaped by the sanitizer below.
const marked = new Marked({ gfm: true, breaks: true, async: false });

/**
 * Markdown written by the public or the team, as HTML safe to inline: an allow-list of tags, no attributes but
 * link targets (http, https, mailto only) and image sources, no inline styles or event handlers, and every link
 * marked nofollow so the board is no use to spammers.
 */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source) as string;
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'strong',
      'em',
      'del',
      'code',
      'pre',
      'blockquote',
      'ul',
      'ol',
      'li',
      'a',
      'h2',
      'h3',
      'h4',
      'hr',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
    ],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener ugc' }),
      h1: 'h2',
    },
    disallowedTagsMode: 'escape',
  });
}
