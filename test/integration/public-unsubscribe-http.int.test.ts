import { randomUUID } from 'node:crypto';
import { hashToken, randomToken } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '../support/api-server.ts';

// RFC 8058 one-click unsubscribe over HTTP: the mail client POSTs `List-Unsubscribe=One-Click` to the link in the
// List-Unsubscribe header, from its own servers, with no Origin. It used to meet the web's CSRF check (403).

const api = useApiServer();

async function notification() {
  const to = `one-click-${randomUUID().slice(0, 8)}@example.test`;
  const token = randomToken();
  await api().db.emailMessage.create({
    data: { to, subject: 'Shipped', text: 'Unsubscribe: …', kind: 'shipped', unsubscribeTokenHash: hashToken(token) },
  });
  return { to, token };
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${api().url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

describe('one-click unsubscribe', () => {
  it('unsubscribes on a POST without Origin carrying List-Unsubscribe=One-Click', async () => {
    const { to, token } = await notification();
    const res = await post(`/unsubscribe/${token}`, 'List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect((await api().db.voterEmail.findUnique({ where: { email: to } }))?.unsubscribedAt).toBeInstanceOf(Date);
  });

  it('answers 404 for an unknown link and 400 for another body, naming what it expects', async () => {
    expect((await post(`/unsubscribe/${randomToken()}`, 'List-Unsubscribe=One-Click')).status).toBe(404);
    const { to, token } = await notification();
    const wrong = await post(`/unsubscribe/${token}`, 'unsubscribe=yes');
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/List-Unsubscribe/);
    expect(await api().db.voterEmail.findUnique({ where: { email: to } })).toBeNull();
  });
});
