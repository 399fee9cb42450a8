import { describe, expect, it } from 'vitest';
import { newId } from './ids';

const timeOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('newId', () => {
  it('is a UUIDv7 carrying the given millisecond', () => {
    const at = Date.parse('2026-03-02T01:00:00Z');
    const id = newId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(timeOf(id)).toBe(at);
  });

  it('sorts in the order of making when many ids share one millisecond', () => {
    const at = Date.parse('2026-03-02T02:00:00Z');
    const ids = Array.from({ length: 5000 }, () => newId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => timeOf(id) === at)).toBe(true);
  });

  it('keeps a back-dated id at its own time', () => {
    newId(Date.parse('2026-03-02T03:00:00Z'));
    const past = Date.parse('2020-01-01T00:00:00Z');
    expect(timeOf(newId(past))).toBe(past);
  });
});
