import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  appendEvent,
  auditEventOf,
  type ChainedEvent,
  GENESIS_HASH,
  type HashedAuditFields,
  linkText,
  verifyChain,
} from '../../../src/rollout/audit-chain';
import { initialRolloutState, transition } from '../../../src/rollout/phase-machine';

// The injected hash, as the Worker would pass one built on crypto.subtle; Node's crypto is the reference.
const sha256Hex = async (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const event = (i: number): HashedAuditFields => ({
  taskType: 'code-review',
  action: i === 0 ? 'advance' : 'breach',
  actor: i === 0 ? 'ops:alice' : 'guard',
  reason: `step ${i}`,
  atMs: 1_700_000_000_000 + i,
  configVersion: 3,
  policyVersion: `3.${i}`,
  metrics: { treated: { p99Ms: 900 + i }, control: { p99Ms: 100 }, n: { treated: 40, control: 800 } },
});

async function chainOf(n: number): Promise<ChainedEvent[]> {
  const chain: ChainedEvent[] = [];
  for (let i = 0; i < n; i++)
    chain.push(await appendEvent(chain.at(-1)?.hash ?? GENESIS_HASH, event(i), sha256Hex));
  return chain;
}

describe('audit chain', () => {
  it('hashes SHA-256 over the canonical JSON of { prevHash, event }', async () => {
    const [first] = await chainOf(1);
    // Independent: the digest of the hand-built text, computed by Node's crypto directly.
    const text = linkText(GENESIS_HASH, event(0));
    expect(text.startsWith('{"event":{"action":"advance","actor":"ops:alice","atMs":')).toBe(true);
    expect(first!.hash).toBe(createHash('sha256').update(text).digest('hex'));
    expect(first!.prevHash).toBe(GENESIS_HASH);
  });

  it('verifies an untouched chain and returns its head', async () => {
    const chain = await chainOf(5);
    expect(await verifyChain(chain, sha256Hex)).toEqual({ ok: true, headHash: chain[4]!.hash });
    expect(await verifyChain([], sha256Hex)).toEqual({ ok: true, headHash: GENESIS_HASH });
  });

  it('reports the first edited event', async () => {
    const chain = await chainOf(5);
    const edited = chain.map((l, i) => (i === 2 ? { ...l, event: { ...l.event, reason: 'rewritten' } } : l));
    expect(await verifyChain(edited, sha256Hex)).toEqual({ ok: false, brokenAt: 2, reason: 'hash_mismatch' });
  });

  it('reports a removed or reordered event where the back-pointer breaks', async () => {
    const chain = await chainOf(5);
    const removed = chain.filter((_, i) => i !== 1);
    expect(await verifyChain(removed, sha256Hex)).toMatchObject({
      ok: false,
      brokenAt: 1,
      reason: 'prev_hash_mismatch',
    });
    const swapped = [chain[0]!, chain[2]!, chain[1]!, chain[3]!, chain[4]!];
    expect(await verifyChain(swapped, sha256Hex)).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('detects a re-hashed edit through the next link', async () => {
    const chain = await chainOf(3);
    const forged = await appendEvent(chain[0]!.hash, { ...chain[1]!.event, reason: 'forged' }, sha256Hex);
    expect(await verifyChain([chain[0]!, forged, chain[2]!], sha256Hex)).toMatchObject({
      ok: false,
      brokenAt: 2,
    });
  });

  it('turns a transition record into an event with versions, metrics and both ends', () => {
    const result = transition(
      initialRolloutState(0, '1.0', 'canary'),
      { kind: 'breach', actor: 'guard', reason: 'p99', details: { metric: 'latencyP99Ms' } },
      { nowMs: 5, policyVersion: '1.7', onBreach: 'shadow', automaticFromShadow: false },
    );
    if (!result.ok) throw new Error('expected a transition');
    const e = auditEventOf(result.record, {
      taskType: 't',
      configVersion: 1,
      policyVersion: '1.7',
      metrics: { n: 3 },
    });
    expect(e).toMatchObject({
      action: 'breach',
      actor: 'guard',
      configVersion: 1,
      policyVersion: '1.7',
      metrics: { n: 3 },
      details: {
        from: { phase: 'canary' },
        to: { phase: 'shadow', frozenReason: 'breach' },
        cause: { metric: 'latencyP99Ms' },
      },
    });
  });
});
