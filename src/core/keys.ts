// The reconciliation key (deal_id, revenue_type), compared case-insensitively after trimming.
export function reconKey(dealId: string, typeKey: string): string {
  return `${dealId}\u0000${typeKey}`;
}
