import { describe, expect, it } from 'vitest';
import { fromSavedFilters, toSavedFilters } from './RegisterTools';

// The register keeps its filters in the URL as strings; a saved view keeps them typed (docs/workorders.md "Saved
// views and bulk actions"). The two conversions round-trip and leave out what is not set.
describe('saved view filters', () => {
  it('turns URL filters into typed ones and back', () => {
    const url = { status: 'received', severity: '严重', overdue: 'true', keyCustomer: undefined, q: '牙纹' };
    const saved = toSavedFilters(url);
    expect(saved).toEqual({ status: 'received', severity: '严重', overdue: true, q: '牙纹' });
    expect(fromSavedFilters(saved)).toEqual({ status: 'received', severity: '严重', overdue: 'true', q: '牙纹' });
  });

  it('leaves out empty and false values', () => {
    expect(toSavedFilters({ q: '', overdue: 'false' })).toEqual({});
    expect(fromSavedFilters({ overdue: false, keyCustomer: false })).toEqual({});
  });
});
