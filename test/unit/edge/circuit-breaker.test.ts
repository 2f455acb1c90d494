import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../functions/middleware/circuit-breaker';
import { FixedWindowCounter } from '../../../functions/middleware/fixed-window';

describe('circuit breaker', () => {
  it('opens after three failures in a row, skips for the open time, then lets one probe through', () => {
    const breaker = new CircuitBreaker(3, 10_000);
    breaker.failed(0);
    breaker.failed(1);
    expect(breaker.allow(2)).toBe(true);
    breaker.failed(2);
    expect(breaker.state(3)).toBe('open');
    expect(breaker.allow(10_001)).toBe(false);
    expect(breaker.allow(10_002)).toBe(true); // the probe
    expect(breaker.allow(10_003)).toBe(false); // one probe at a time
    breaker.failed(10_004);
    expect(breaker.allow(20_003)).toBe(false);
    expect(breaker.allow(20_004)).toBe(true);
    breaker.succeeded();
    expect(breaker.state(20_005)).toBe('closed');
    expect(breaker.allow(20_005)).toBe(true);
  });

  it('a success between failures resets the count', () => {
    const breaker = new CircuitBreaker(3, 10_000);
    breaker.failed(0);
    breaker.failed(0);
    breaker.succeeded();
    breaker.failed(0);
    breaker.failed(0);
    expect(breaker.state(0)).toBe('closed');
  });
});

describe('fixed-window counter', () => {
  it('allows the limit per window and starts afresh in the next', () => {
    const counter = new FixedWindowCounter(2, 1000);
    expect(counter.hit('a', 0)).toEqual({ success: true, remaining: 1, resetMs: 1000 });
    expect(counter.hit('a', 10).success).toBe(true);
    expect(counter.isOver('a', 20)).toEqual({ over: true, resetMs: 1000 });
    expect(counter.hit('a', 30)).toEqual({ success: false, remaining: 0, resetMs: 1000 });
    expect(counter.hit('b', 30).success).toBe(true);
    expect(counter.isOver('a', 1000).over).toBe(false);
    expect(counter.hit('a', 1000)).toEqual({ success: true, remaining: 1, resetMs: 2000 });
  });

  it('forgets the oldest identifiers beyond its size', () => {
    const counter = new FixedWindowCounter(1, 1000, 2);
    counter.hit('a', 0);
    counter.hit('b', 0);
    counter.hit('c', 0);
    expect(counter.isOver('a', 1).over).toBe(false);
    expect(counter.isOver('c', 1).over).toBe(true);
  });
});
