import { defineCommand } from './command.ts';

/** Dependencies are `blocks` links: `deps add BAT-9 BAT-7` makes BAT-9 wait for BAT-7. */
export const depsList = defineCommand({
  name: 'deps list',
  args: ['<KEY>'],
  summary: 'What an item waits for and what waits for it (`blocks` links, with link ids for `deps remove`).',
  options: {},
  async run(s, [key]) {
    const ref = await s.itemRef(key!);
    const links = (await s.api.items.links.list.query(ref)).filter((l) => l.type === 'blocks');
    s.out.result({ links }, () =>
      links.length
        ? links
            .map((l) => `${l.direction === 'outgoing' ? 'blocks    ' : 'blocked by'} ${l.item.key} (${l.item.status})  link ${l.id}`)
            .join('\n')
        : `${ref.ref} has no dependencies.`,
    );
  },
});

export const depsAdd = defineCommand({
  name: 'deps add',
  args: ['<KEY>', '<BLOCKER>'],
  summary: 'Make an item wait for another until that one is done or closed (a cycle is refused).',
  options: {},
  async run(s, [key, blocker]) {
    const ref = await s.itemRef(key!);
    const from = await s.itemRef(blocker!);
    const link = await s.write((idempotencyKey) => s.api.items.links.add.mutate({ ...from, type: 'blocks', to: ref.ref, idempotencyKey }));
    s.out.result(link, () => `${ref.ref} now waits for ${from.ref} (link ${link.id}).`);
  },
});

export const depsRemove = defineCommand({
  name: 'deps remove',
  args: ['<KEY>', '<LINK-ID>'],
  summary: 'Remove a dependency by the link id `deps list` shows.',
  options: {},
  async run(s, [key, linkId]) {
    const ref = await s.itemRef(key!);
    const done = await s.write((idempotencyKey) => s.api.items.links.remove.mutate({ ...ref, linkId: linkId!, idempotencyKey }));
    s.out.result(done, () => `Removed link ${linkId}.`);
  },
});
