/* global document, crypto, btoa */
// The idea form's one script (no framework): solves the anti-spam proof-of-work challenge in the background
// and, while the visitor types, lists existing ideas that look the same so they can vote instead.
// Challenge format: ALTCHA's (sha256(salt + n) == challenge, n <= maxnumber), checked on the server.

const form = document.querySelector('form[data-idea-form]');
if (form) {
  const key = form.dataset.productKey;
  const solution = form.querySelector('input[name="solution"]');
  const state = form.querySelector('[data-pow-state]');
  const submit = form.querySelector('button[type="submit"]');

  const trpc = async (path, input) => {
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    const res = await fetch(`/trpc/${path}${query}`, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return (await res.json()).result.data.json;
  };

  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
  const encoder = new TextEncoder();

  async function solve(c) {
    // hash in batches: one await per batch keeps the page responsive without paying a task switch per hash
    for (let start = 0; start <= c.maxnumber; start += 500) {
      const batch = [];
      for (let n = start; n < Math.min(start + 500, c.maxnumber + 1); n++)
        batch.push(crypto.subtle.digest('SHA-256', encoder.encode(c.salt + n)));
      const hashes = await Promise.all(batch);
      const i = hashes.findIndex((h) => hex(h) === c.challenge);
      if (i >= 0) return start + i;
    }
    throw new Error('no solution');
  }

  async function prove() {
    state.textContent = 'Checking you are not a robot…';
    try {
      const c = await trpc('public.challenge');
      const number = await solve(c);
      solution.value = btoa(
        JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature }),
      );
      state.textContent = 'Anti-spam check done.';
      submit.disabled = false;
    } catch {
      state.textContent = 'The anti-spam check failed; reload the page to try again.';
    }
  }

  // a solution is good once: a refused submit (a field to fix) gets a fresh one
  submit.disabled = true;
  void prove();

  const list = document.querySelector('[data-similar]');
  const title = form.querySelector('input[name="title"]');
  const description = form.querySelector('textarea[name="description"]');
  let timer = 0;
  let asked = '';
  async function lookUp() {
    const text = `${title.value} ${description.value}`.trim();
    if (text === asked) return;
    asked = text;
    const items = text.length < 4 ? [] : await trpc('public.similar', { productKey: key, text }).catch(() => []);
    if (text !== asked) return;
    list.replaceChildren();
    list.hidden = items.length === 0;
    if (!items.length) return;
    const heading = document.createElement('h2');
    heading.textContent = 'Similar ideas: vote for one of these instead?';
    const ul = document.createElement('ul');
    for (const item of items) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `/roadmap/${key}/${item.number}`;
      a.textContent = item.title;
      const meta = document.createElement('span');
      meta.className = 'muted';
      meta.textContent = ` ${item.voteCount} votes · ${item.status.replace('_', ' ')}`;
      li.append(a, meta);
      ul.append(li);
    }
    list.append(heading, ul);
  }
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void lookUp(), 350);
  };
  title.addEventListener('input', schedule);
  description.addEventListener('input', schedule);
  if (title.value) schedule();
}
