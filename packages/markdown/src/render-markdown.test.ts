import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown.ts';

// Payloads from the usual XSS cheat sheets (OWASP, PortSwigger): raw HTML, event handlers, script URLs in every
// place markdown can put a URL, SVG/MathML namespace tricks, data: URIs, and links nested inside links.
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<body onload=alert(1)>',
  '<div onmouseover="alert(1)">hover</div>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="java\tscript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '[click](&#x6A;avascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '![img](javascript:alert(1))',
  '![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<math href="javascript:alert(1)">x</math>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<input onfocus=alert(1) autofocus>',
  '<details open ontoggle=alert(1)>',
  '<style>body{background:url("javascript:alert(1)")}</style>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:/">',
  '<link rel=stylesheet href="//evil.example/x.css">',
  '[a](https://ok.example "title" onmouseover="alert(1)")',
  '[[x](javascript:alert(1))](https://ok.example)',
  '[x]( javascript:alert(1) )',
  '[x](<javascript:alert(1)>)',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<textarea><img src=x onerror=alert(1)></textarea>',
  '`<img src=x onerror=alert(1)>`',
  '```html\n<script>alert(1)</script>\n```',
  '<<script>script>alert(1)<</script>/script>',
  '<img src="x` `<script>alert(1)</script>"` `>',
  '<a href="//evil.example">protocol-relative</a>',
];

describe('renderMarkdown', () => {
  it('renders the toolbar constructs', () => {
    const html = renderMarkdown('**b** _i_ `c` [l](https://example.com)\n\n- one\n- [x] done\n\n> quote');
    expect(html).toContain('<strong>b</strong>');
    expect(html).toContain('<em>i</em>');
    expect(html).toContain('<code>c</code>');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer nofollow">l</a>');
    expect(html).toContain('<input type="checkbox" disabled checked />');
    expect(html).toContain('<blockquote>');
  });

  it('highlights code blocks by language and escapes unknown ones', () => {
    expect(renderMarkdown('```ts\nconst x: number = 1;\n```')).toContain('<span class="hljs-keyword">const</span>');
    expect(renderMarkdown('```nope\n<b>x</b>\n```')).toBe('<pre><code class="hljs">&lt;b&gt;x&lt;/b&gt;</code></pre>\n');
  });

  it('keeps relative links and images over https', () => {
    expect(renderMarkdown('[BAT-1](/p/BAT/items/BAT-1)')).toContain('href="/p/BAT/items/BAT-1"');
    expect(renderMarkdown('![s](https://example.com/s.png)')).toContain('<img src="https://example.com/s.png" alt="s" />');
  });

  it.each(PAYLOADS)('neutralizes %s', (payload) => {
    const html = renderMarkdown(payload);
    // only markup counts: escaped text such as `&lt;img onerror=...&gt;` in a code span is harmless
    const tags = (html.match(/<[^>]+>/g) ?? []).join('\n');
    expect(tags).not.toMatch(/<(script|iframe|object|embed|svg|math|style|form|meta|base|link|body|details|textarea|noscript)\b/i);
    expect(tags).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tags).not.toMatch(/(href|src|action|data)\s*=\s*"?\s*(javascript|vbscript|data):/i);
    expect(tags).not.toMatch(/\sstyle\s*=/i);
    expect(tags).not.toMatch(/href="\/\//);
    // every input left is the inert task-list checkbox
    for (const m of html.matchAll(/<input[^>]*>/g)) expect(m[0]).toMatch(/^<input type="checkbox" disabled( checked)? \/>$/);
  });
});
