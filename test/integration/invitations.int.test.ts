import { hashToken } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';
import { anonymousCaller, buildOrg, buildUser, callerAsUser, callerWithToken, manualClock, TEST_PASSWORD, testDb, testDeps } from '../support/builders.ts';

const db = testDb();
const deps = testDeps(db);
afterAll(() => db.$disconnect());

const DAY = 86_400_000;
const emailOf = (tag: string) => `${tag}-${crypto.randomUUID().slice(0, 8)}@example.test`;

async function orgWithAdmin(role: 'owner' | 'admin' = 'admin') {
  const { org, product } = await buildOrg(db);
  const admin = await buildUser(db, org.id, role);
  return { org, product, admin, caller: (await callerAsUser(deps, admin)).caller };
}

describe('invitations', () => {
  it('stores only the hash of the one-time token, and a new user signs up and joins with the invited role', async () => {
    const { org, product, caller } = await orgWithAdmin();
    const email = emailOf('new');
    const created = await caller.invitations.create({ organizationId: org.id, email: email.toUpperCase(), role: 'developer' });
    expect(created.path).toBe(`/invite/${created.token}`);
    expect(created.invitation.email).toBe(email);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } });
    expect(row.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(7 * DAY - 60_000);

    // anyone holding the link sees what it is for; nothing else is exposed
    const preview = await anonymousCaller(deps).invitations.preview({ token: created.token });
    expect(preview).toMatchObject({ organizationName: org.name, email, role: 'developer' });

    const session = await anonymousCaller(deps).auth.signUp({ email, name: 'Newcomer', password: TEST_PASSWORD });
    const { caller: newcomer } = await callerWithToken(deps, session.token);
    const joined = await newcomer.invitations.accept({ token: created.token });
    expect(joined).toEqual({ organizationId: org.id, role: 'developer', productKey: product.key });
    const me = await newcomer.auth.me();
    expect(me.memberships.map((m) => [m.organizationId, m.role])).toEqual([[org.id, 'developer']]);

    // used once: the same link is refused afterwards, also for its preview, and it leaves the pending list
    await expectDomainError(newcomer.invitations.accept({ token: created.token }), 'NOT_FOUND');
    await expectDomainError(anonymousCaller(deps).invitations.preview({ token: created.token }), 'NOT_FOUND');
    expect((await caller.invitations.list({ organizationId: org.id })).items).toEqual([]);
  });

  it('refuses expired links and links meant for another email', async () => {
    const clock = manualClock();
    const timed = testDeps(db, clock.now);
    const { org } = await buildOrg(db);
    const admin = await buildUser(db, org.id, 'owner');
    const caller = (await callerAsUser(timed, admin)).caller;
    const email = emailOf('late');
    const invited = await buildUser(db, null, null, { email });
    const other = await buildUser(db, null, null);
    const { token } = await caller.invitations.create({ organizationId: org.id, email, role: 'viewer', expiresInDays: 1 });

    const asOther = (await callerAsUser(timed, other)).caller;
    const wrong = await expectDomainError(asOther.invitations.accept({ token }), 'FORBIDDEN');
    expect(wrong.message).toContain(email);

    clock.advance(DAY + 1000);
    const asInvited = (await callerAsUser(timed, invited)).caller;
    await expectDomainError(asInvited.invitations.accept({ token }), 'NOT_FOUND');
    expect(await db.membership.count({ where: { organizationId: org.id, userId: invited.id } })).toBe(0);
    expect((await caller.invitations.list({ organizationId: org.id })).items).toEqual([]);
    await expectInputError(caller.invitations.create({ organizationId: org.id, email, role: 'viewer', expiresInDays: 31 }), 'expiresInDays');
  });

  it('caps the role at the inviter’s own and refuses people already in the organization', async () => {
    const { org, caller } = await orgWithAdmin('admin');
    const owner = await expectDomainError(caller.invitations.create({ organizationId: org.id, email: emailOf('boss'), role: 'owner' }), 'FORBIDDEN');
    expect(owner.details?.issues).toEqual([{ path: ['role'], message: 'is above your own role (admin)' }]);
    expect((await caller.invitations.create({ organizationId: org.id, email: emailOf('peer'), role: 'admin' })).invitation.role).toBe('admin');

    const member = await buildUser(db, org.id, 'viewer');
    const dup = await expectDomainError(caller.invitations.create({ organizationId: org.id, email: member.email, role: 'viewer' }), 'CONFLICT');
    expect(dup.details?.issues).toEqual([{ path: ['email'], message: 'is already a member' }]);

    const manager = (await callerAsUser(deps, await buildUser(db, org.id, 'manager'))).caller;
    await expectDomainError(manager.invitations.create({ organizationId: org.id, email: emailOf('x'), role: 'viewer' }), 'FORBIDDEN');
  });

  it('replaces a pending invitation for the same email, lists and revokes, and keeps tenants apart', async () => {
    const a = await orgWithAdmin();
    const b = await orgWithAdmin();
    const email = emailOf('twice');
    const first = await a.caller.invitations.create({ organizationId: a.org.id, email, role: 'viewer' });
    const second = await a.caller.invitations.create({ organizationId: a.org.id, email, role: 'developer' });
    const pending = await a.caller.invitations.list({ organizationId: a.org.id });
    expect(pending.items.map((i) => [i.email, i.role])).toEqual([[email, 'developer']]);
    await expectDomainError(anonymousCaller(deps).invitations.preview({ token: first.token }), 'NOT_FOUND');

    // org B's admin can neither see nor revoke org A's invitations
    await expectDomainError(b.caller.invitations.list({ organizationId: a.org.id }), 'NOT_FOUND');
    await expectDomainError(b.caller.invitations.revoke({ organizationId: b.org.id, invitationId: second.invitation.id }), 'NOT_FOUND');
    await expectDomainError(b.caller.invitations.revoke({ organizationId: a.org.id, invitationId: second.invitation.id }), 'NOT_FOUND');

    await a.caller.invitations.revoke({ organizationId: a.org.id, invitationId: second.invitation.id });
    const invitee = (await callerAsUser(deps, await buildUser(db, null, null, { email }))).caller;
    await expectDomainError(invitee.invitations.accept({ token: second.token }), 'NOT_FOUND');
    await expectInputError(invitee.invitations.accept({ token: 'not a token!' }), 'token');
  });

  it('lets exactly one of two racing accepts of the same link win', async () => {
    const { org, caller } = await orgWithAdmin();
    const email = emailOf('race');
    const user = await buildUser(db, null, null, { email });
    const { token } = await caller.invitations.create({ organizationId: org.id, email, role: 'developer' });
    const [c1, c2] = [(await callerAsUser(deps, user)).caller, (await callerAsUser(deps, user)).caller];
    const results = await Promise.allSettled([c1.invitations.accept({ token }), c2.invitations.accept({ token })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.membership.count({ where: { organizationId: org.id, userId: user.id } })).toBe(1);
  });
});
