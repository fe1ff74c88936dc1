import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { highlightCode } from './highlight.ts';

// GitHub-flavoured markdown; code blocks are highlighted here, so the sanitizer sees only hljs spans in them.
const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    code({ text, lang }) {
      const { html, language } = highlightCode(text, lang);
      const cls = language ? `hljs language-${language.replace(/[^a-z0-9_-]/gi, '')}` : 'hljs';
      return `<pre><code class="${cls}">${html}</code></pre>\n`;
    },
  },
});

/**
 * What user markdown may become. Anything else (script, style, iframe, svg, math, forms, event handlers, style
 * attributes, javascript:/data: URLs) is removed, so the output is safe to insert with {@html} under a CSP
 * without 'unsafe-inline'. The sanitizer runs last, on marked's output, so raw HTML in the source gets the same rules.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote',
    'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'input', 'kbd', 'sup', 'sub',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    input: ['type', 'checked', 'disabled'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
    code: ['class'],
    span: ['class'],
  },
  allowedClasses: { code: ['hljs', 'language-*'], span: ['hljs-*'] },
  // relative links (/p/BAT/items/BAT-1) stay; every absolute one must be one of these
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // the text of these is never shown as text either
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'iframe', 'xmp', 'svg', 'math'],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }),
    // only the task-list checkbox marked renders; any other input becomes inert text
    input: (tagName, attribs) =>
      attribs.type === 'checkbox'
        ? { tagName, attribs: { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined && { checked: '' }) } }
        : { tagName: 'span', attribs: {}, text: '' },
  },
};

/**
 * Anonymous visitors' markdown (public roadmap, changelog, feed): the same rules without images, so a public
 * idea can neither embed a tracking pixel nor make the board load anything from elsewhere.
 */
const PUBLIC_POLICY: sanitizeHtml.IOptions = {
  ...POLICY,
  allowedTags: POLICY.allowedTags ? POLICY.allowedTags.filter((tag) => tag !== 'img') : [],
};

/**
 * Renders user markdown to sanitized HTML (code highlighted). Pure and synchronous: call it on the server.
 * `audience: 'public'` drops images (see PUBLIC_POLICY).
 */
export function renderMarkdown(source: string, opts: { audience?: 'team' | 'public' } = {}): string {
  const html = marked.parse(source ?? '') as string;
  return sanitizeHtml(html, opts.audience === 'public' ? PUBLIC_POLICY : POLICY);
}

