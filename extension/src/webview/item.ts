// The item view's page script (runs in the webview, bundled by esbuild for the browser). Builds the DOM with
// createElement and textContent; the only HTML it inserts is the description and comments' markdown, which the host
// rendered and sanitized with @baton/markdown (the web app's renderer). Messages from the host are validated before use.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import { FINISHED_STATUSES, safeHref, STATUS_LABEL, type ItemStatus } from '@baton/contracts';
import { HostMessage, type ItemDetail, type WebviewMessage } from '../detail/messages.ts';
import { pullRequestLine } from '../detail/pull-request-line.ts';

/** What the page keeps across being hidden and shown again (VS Code's webview state): the unsent comment, the scroll. */
type PageState = { draft?: string; scrollY?: number };
declare function acquireVsCodeApi(): { postMessage(m: WebviewMessage): void; getState(): PageState | undefined; setState(s: PageState): void };
const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let busy = false;

/**
 * The host's sanitized HTML (no scripts, handlers, forms or frames; task-list checkboxes disabled) as nodes. A
 * template parses without running anything, and the CSP would refuse inline script anyway.
 */
function markdown(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  const fragment = template.content;
  // the CSP only lets https and data images load: drop the rest instead of showing broken images
  for (const img of fragment.querySelectorAll('img')) if (!/^(https:|data:image\/)/i.test(img.getAttribute('src') ?? '')) img.remove();
  return fragment;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, ...children: (Node | string)[]): HTMLElementTagNameMap[K];
function el(tag: string, attrs?: Record<string, string>, ...children: (Node | string)[]): HTMLElement;
function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function button(label: string, message: WebviewMessage, secondary = false): HTMLElement {
  const b = el('vscode-button', secondary ? { secondary: '' } : {}, label);
  b.addEventListener('click', () => !busy && vscode.postMessage(message));
  return b;
}

function section(title: string, ...children: (Node | string)[]) {
  return el('section', { 'aria-label': title }, el('h2', {}, title), ...children);
}

function header(item: ItemDetail) {
  const badges = el(
    'p',
    { class: 'badges' },
    el('span', { class: `type type-${item.type}` }, item.type),
    el('span', { class: `priority priority-${item.priority}` }, item.priority),
    ...item.labels.map((l) => el('vscode-badge', { variant: 'default', title: `label ${l.name}` }, l.name)),
  );
  return el('header', {}, el('h1', {}, el('span', { class: 'key' }, item.key), ' ', item.title), badges);
}

function actions(item: ItemDetail) {
  const bar = el('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Item actions' });
  const finished = FINISHED_STATUSES.includes(item.status);
  if (item.claim?.mine) {
    bar.append(
      button('Link PR', { type: 'command', command: 'linkPr' }),
      button('Finish', { type: 'command', command: 'finish' }),
      button('Stop Work', { type: 'command', command: 'stopWork' }, true),
    );
  } else if (!item.claim && !finished) bar.append(button('Start Work', { type: 'command', command: 'startWork' }));
  bar.append(
    button('Copy Context for Agent', { type: 'command', command: 'copyContext' }, true),
    button('Open in Browser', { type: 'command', command: 'openInBrowser' }, true),
    button('Refresh', { type: 'refresh' }, true),
  );
  return bar;
}

function fields(item: ItemDetail) {
  const status = el('vscode-single-select', { id: 'status', 'aria-label': 'Status' }) as HTMLElement & { value: string };
  // the product's states by name, only the moves the workflow allows (the host lists them); triage has no state
  const own = item.states.some((s) => s.current) ? [] : [{ value: item.status as string, label: STATUS_LABEL[item.status], current: true }];
  const choices = [...own, ...item.states.map((s) => ({ value: s.name, label: s.name, current: s.current }))];
  for (const c of choices) status.append(el('vscode-option', c.current ? { value: c.value, selected: '' } : { value: c.value }, c.label));
  const here = choices.find((c) => c.current)!.value;
  status.addEventListener('change', () => {
    if (status.value !== here) vscode.postMessage({ type: 'setStatus', status: status.value });
  });
  const assignee = el('span', {}, item.assignee ?? 'Unassigned');
  const assign = item.canAssignToMe
    ? item.assignee
      ? button('Unassign', { type: 'assign', to: 'nobody' }, true)
      : button('Assign to me', { type: 'assign', to: 'me' }, true)
    : '';
  const claim = item.claim
    ? `${item.claim.mine ? 'You' : item.claim.holder} until ${when(item.claim.leaseExpiresAt)}`
    : 'Nobody is working on it';
  const rows: [string, Node | string, ...(Node | string)[]][] = [
    ['Status', status],
    ['Assignee', assignee, ' ', assign],
    ['Claim', claim],
    ['Reporter', item.reporter ?? '—'],
    item.parent ? ['Parent', itemLink(item.parent.key), ` ${item.parent.title}`] : ['Parent', '—'],
    ['Milestone', item.milestone ?? '—'],
    ['Sprint', item.sprint ?? '—'],
    ['Due', item.dueDate ? when(item.dueDate) : '—'],
    ['Updated', when(item.updatedAt)],
  ];
  return el('dl', { class: 'fields' }, ...rows.flatMap(([k, ...v]) => [el('dt', {}, k), el('dd', {}, ...v)]));
}

function checklist(item: ItemDetail) {
  if (item.checklist.length === 0) return section('Acceptance criteria', el('p', { class: 'muted' }, 'No checklist.'));
  const done = item.checklist.filter((c) => c.done).length;
  const list = el('ul', { class: 'checklist' });
  for (const entry of item.checklist) {
    const box = el('vscode-checkbox', { label: entry.text, 'data-entry': entry.id, ...(entry.done && { checked: '' }) }) as HTMLElement & { checked: boolean };
    box.addEventListener('change', () => vscode.postMessage({ type: 'toggleChecklist', entryId: entry.id, done: box.checked }));
    list.append(el('li', {}, box));
  }
  return section(`Acceptance criteria (${done}/${item.checklist.length})`, list);
}

function comments(item: ItemDetail) {
  const list = el('ol', { class: 'comments' });
  for (const c of item.comments)
    list.append(el('li', {}, el('p', { class: 'meta' }, el('strong', {}, c.author), ` · ${when(c.createdAt)}`), el('div', { class: 'markdown' }, markdown(c.html))));
  return section(`Comments (${item.comments.length})`, list);
}

/**
 * The comment box, made once per page and never rebuilt by updates, so a draft, its focus and its selection survive
 * them; the draft is also kept in the webview state, which outlives the page when the tab is hidden.
 */
function composer() {
  const input = el('vscode-textarea', { id: 'new-comment', rows: '3', placeholder: 'Add a comment (Markdown)', 'aria-label': 'New comment' }) as HTMLElement & { value: string };
  input.value = vscode.getState()?.draft ?? '';
  input.addEventListener('input', () => vscode.setState({ ...vscode.getState(), draft: input.value }));
  const send = () => {
    if (input.value.trim() && !busy) vscode.postMessage({ type: 'addComment', body: input.value });
  };
  // Ctrl+Enter (Cmd+Enter on macOS) sends, as in GitHub's comment boxes; a plain Enter is a new line
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    send();
  });
  const add = el('vscode-button', { title: 'Comment (Ctrl+Enter)' }, 'Comment');
  add.addEventListener('click', send);
  return el('div', { class: 'composer' }, input, el('div', { class: 'actions' }, add));
}

/** A key that opens its item in this view. */
function itemLink(key: string) {
  const a = el('a', { href: '#' }, key);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    vscode.postMessage({ type: 'openItem', key });
  });
  return a;
}

/** A linked PR: its title (a link), number, state and latest check, which live events keep current. */
function pullRequestRow(pr: ItemDetail['pullRequests'][number]) {
  const line = pullRequestLine(pr, safeHref);
  const title = line.href ? el('a', { href: line.href }, line.title) : line.title;
  const check = line.check && el('span', { class: `check check-${line.check.tone}` }, line.check.href ? el('a', { href: line.check.href }, line.check.text) : line.check.text);
  return el('li', {}, title, line.number ? ` ${line.number}` : '', ` · ${line.state}`, ...(check ? [' · ', check] : []));
}

function linksAndPrs(item: ItemDetail) {
  const parts: Node[] = [];
  if (item.children.length) {
    const rows = item.children.map((c) => el('li', {}, itemLink(c.key), ` ${c.title} · ${STATUS_LABEL[c.status]}`));
    parts.push(section(`Sub-items (${item.progress.done}/${item.progress.total} done)`, el('ul', { class: 'children' }, ...rows)));
  }
  if (item.pullRequests.length) parts.push(section('Pull requests', el('ul', { class: 'pull-requests' }, ...item.pullRequests.map(pullRequestRow))));
  if (item.links.length) {
    const rows = item.links.map((l) =>
      el('li', {}, `${l.direction === 'incoming' ? `${l.type.replace(/_/g, ' ')} (from)` : l.type.replace(/_/g, ' ')} `, itemLink(l.key), ` ${l.title} · ${STATUS_LABEL[l.status as ItemStatus] ?? l.status}`),
    );
    parts.push(section('Links', el('ul', {}, ...rows)));
  }
  return parts;
}

function activity(item: ItemDetail) {
  return el('details', {}, el('summary', {}, `Activity (${item.activity.length})`), el('ul', { class: 'activity' }, ...item.activity.map((a) => el('li', {}, `${when(a.at)} · ${a.actor} ${a.action}${a.field ? ` ${a.field}` : ''}`))));
}

/** One part of the page: rebuilt only when what it shows changed (`sig`), so the rest keeps its state and its clicks. */
type Part = { sig: unknown; build: () => Node };
const parts = new Map<string, { sig: string; node: Node }>();
let composerNode: Node | undefined;

function render(item: ItemDetail) {
  const description = () => (item.description.trim() ? el('div', { class: 'markdown' }, markdown(item.descriptionHtml)) : el('p', { class: 'muted' }, 'No description.'));
  const wanted: [string, Part][] = [
    ['header', { sig: [item.key, item.title, item.type, item.priority, item.labels], build: () => header(item) }],
    ['actions', { sig: [item.claim?.mine, Boolean(item.claim), item.status], build: () => actions(item) }],
    ['fields', { sig: [item.status, item.assignee, item.canAssignToMe, item.claim, item.reporter, item.milestone, item.sprint, item.parent, item.dueDate, item.updatedAt], build: () => fields(item) }],
    ['divider', { sig: null, build: () => el('vscode-divider') }],
    ['description', { sig: item.description, build: () => section('Description', description()) }],
    ['checklist', { sig: item.checklist, build: () => checklist(item) }],
    ['links', { sig: [item.links, item.pullRequests, item.children], build: () => el('div', {}, ...linksAndPrs(item)) }],
    ['comments', { sig: item.comments, build: () => comments(item) }],
    ['composer', { sig: null, build: () => (composerNode ??= composer()) }],
    ['activity', { sig: item.activity, build: () => activity(item) }],
  ];
  document.getElementById('problem')?.remove();
  if (app.dataset.itemKey !== item.key) {
    // the first item on this page (or after an error): build it all
    parts.clear();
    app.replaceChildren();
  }
  for (const [name, part] of wanted) {
    const sig = JSON.stringify(part.sig);
    const old = parts.get(name);
    if (old?.sig === sig) continue;
    const node = part.build();
    // an expanded activity list stays expanded
    if (old?.node instanceof HTMLDetailsElement && node instanceof HTMLDetailsElement) node.open = old.node.open;
    if (old) old.node.parentNode?.replaceChild(node, old.node);
    else app.append(node);
    parts.set(name, { sig, node });
  }
  app.setAttribute('aria-busy', 'false');
  const first = !app.dataset.itemKey;
  app.dataset.itemKey = item.key;
  // the page is rebuilt when its tab is shown again: back to where the reader was
  if (first) window.scrollTo(0, vscode.getState()?.scrollY ?? 0);
}

let scrollSave: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollSave);
  scrollSave = setTimeout(() => vscode.setState({ ...vscode.getState(), scrollY: window.scrollY }), 200);
});

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = HostMessage.safeParse(event.data);
  if (!parsed.success) return;
  const msg = parsed.data;
  if (msg.type === 'item') render(msg.item);
  else if (msg.type === 'busy') {
    busy = msg.busy;
    app.setAttribute('aria-busy', String(busy));
  } else if (msg.type === 'error') {
    // above what is shown, which stays (with the draft): the next update removes it
    document.getElementById('problem')?.remove();
    app.prepend(el('div', { id: 'problem' }, el('p', { class: 'error', role: 'alert' }, msg.message), button('Retry', { type: 'refresh' })));
    app.setAttribute('aria-busy', 'false');
  } else if (msg.type === 'commentAdded') {
    const input = document.getElementById('new-comment') as (HTMLElement & { value: string }) | null;
    if (input) input.value = '';
    vscode.setState({ ...vscode.getState(), draft: '' });
  }
});

vscode.postMessage({ type: 'ready' });
