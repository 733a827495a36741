/**
 * What may differ between two reads of the same state (counters, timers, remaining lifetimes),
 * removed from both sides before comparing.
 */
const VOLATILE_KEYS = new Set([
  'stats', 'stats64', 'hello_timer', 'tcn_timer', 'topology_change_timer', 'gc_timer', 'hold_timer', 'message_age_timer',
  'forward_delay_timer', 'used', 'confirmed', 'updated', 'probes', 'expires', 'age', 'tsage',
]);

export function normalizeJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeJson);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (VOLATILE_KEYS.has(k)) continue;
      if ((k === 'valid_life_time' || k === 'preferred_life_time') && x !== 4294967295) {
        o[k] = 'N';
        continue;
      }
      o[k] = normalizeJson(x);
    }
    return o;
  }
  return v;
}

export function normalizeText(s: string): string {
  return s
    .replace(/\b(hello_timer|tcn_timer|topology_change_timer|gc_timer|hold_timer|message_age_timer|forward_delay_timer)\s+[\d.]+/g, '$1 T')
    .replace(/\b(valid_lft|preferred_lft) \d+sec/g, '$1 Nsec')
    .replace(/ used \d+\/\d+\/\d+/g, ' used N/N/N')
    .replace(/expires \d+sec/g, 'expires Nsec');
}
