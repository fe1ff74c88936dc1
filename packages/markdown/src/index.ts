export { renderMarkdown } from './render-markdown.ts';
export { escapeHtml, highlightCode } from './highlight.ts';
