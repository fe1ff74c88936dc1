/** The columns of the Product contract. */
export const productSelect = { id: true, key: true, name: true, organizationId: true, claimTtlSeconds: true, agentClaimTtlSeconds: true, estimateUnit: true, archivedAt: true } as const;
