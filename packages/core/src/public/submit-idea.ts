import { SubmitIdeaInput } from '@baton/contracts';
import type { z } from 'zod';
import { SYSTEM_ACTOR, recordActivity, writeTransaction } from '../activity/record-activity.ts';
import { hashToken, randomToken } from '../auth/tokens.ts';
import type { Deps } from '../deps.ts';
import { enqueueEmails, publicBase } from '../email/enqueue-email.ts';
import { badField } from '../errors.ts';
import { redeemSolution } from './proof-of-work.ts';
import { findPublicBoard } from './public-product.ts';
import { plainText, publicMarkdown } from './sanitize-text.ts';

/**
 * A visitor's idea: after the proof of work, it becomes an internal `user_submitted` item with a pending
 * submission in the team's triage inbox, and the submitter is mailed a private status link. Returns the
 * status-link token (shown once; only its hash is stored).
 */
export async function submitIdea(deps: Deps, raw: z.input<typeof SubmitIdeaInput>): Promise<{ token: string }> {
  const input = SubmitIdeaInput.parse(raw);
  const board = await findPublicBoard(deps, input.productKey);
  if (!board.settings.types.includes(input.type)) throw badField('type', `must be one of ${board.settings.types.join(', ')}`);
  const name = plainText(input.name);
  const title = plainText(input.title);
  if (!name) throw badField('name', 'is required');
  if (title.length < 3) throw badField('title', 'is shorter than 3 characters');
  await redeemSolution(deps, input.solution);
  const token = randomToken();
  const actor = { principal: { ...SYSTEM_ACTOR, name: `${name} (public)` } };
  await writeTransaction(deps, async (tx, emit) => {
    const { nextItemNumber } = await tx.product.update({
      where: { id: board.id },
      data: { nextItemNumber: { increment: 1 } },
      select: { nextItemNumber: true },
    });
    const item = await tx.item.create({
      data: {
        productId: board.id,
        number: nextItemNumber - 1,
        type: input.type,
        title,
        description: publicMarkdown(input.description),
        source: 'user_submitted',
        // nobody has read it yet: out of every queue, plan and agent context until a person accepts it
        status: 'triage',
        visibility: 'internal',
        submitterName: name,
        submitterEmail: input.email,
      },
      select: { id: true, number: true },
    });
    await tx.submission.create({ data: { productId: board.id, itemId: item.id, tokenHash: hashToken(token), name, email: input.email } });
    await enqueueEmails(deps, tx, [
      {
        to: input.email,
        kind: 'submission_received',
        subject: `We received your idea: ${title}`,
        text: [
          `Hi ${name},`,
          '',
          `Thanks for your idea for ${board.name}: "${title}".`,
          'The team reviews new ideas and will accept it, merge it with a similar one, or explain why not.',
          '',
          `Follow it here (private link, keep it to yourself): ${publicBase(deps)}/submissions/${token}`,
        ].join('\n'),
      },
    ]);
    emit(
      await recordActivity(actor, tx, [
        { productId: board.id, itemId: item.id, action: 'created', after: { title, type: input.type, source: 'user_submitted' } },
      ]),
    );
  });
  return { token };
}
