import * as contracts from '@baton/contracts';
import { dbEnums } from '@baton/db';
import { describe, expect, it } from 'vitest';

// contracts/enums.ts mirrors the Prisma enums by hand (contracts depends on zod only); this keeps them equal.
describe('contract enums match the database enums', () => {
  const pairs = [
    ['MemberRole', contracts.MemberRole.options, dbEnums.MemberRole],
    ['ApiKeyRole', contracts.ApiKeyRole.options, dbEnums.ApiKeyRole],
    ['ApiScope', contracts.ApiScope.options, dbEnums.ApiScope],
    ['ItemType', contracts.ItemType.options, dbEnums.ItemType],
    ['ItemStatus', contracts.ItemStatus.options, dbEnums.ItemStatus],
    ['ItemPriority', contracts.ItemPriority.options, dbEnums.ItemPriority],
    ['Visibility', contracts.Visibility.options, dbEnums.Visibility],
    ['ItemSource', contracts.ItemSource.options, dbEnums.ItemSource],
    ['LinkType', contracts.LinkType.options, dbEnums.LinkType],
    ['EstimateUnit', contracts.EstimateUnit.options, dbEnums.EstimateUnit],
    ['PublicStatus', contracts.PublicStatus.options, dbEnums.PublicStatus],
  ] as const;
  it.each(pairs)('%s', (_name, fromContracts, fromDb) => {
    expect([...fromContracts]).toEqual(Object.values(fromDb));
  });
});
