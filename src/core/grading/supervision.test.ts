import { describe, expect, it } from 'vitest';
import { packEventForChange, proposeForEvent, type SupervisionInput } from './supervision';

describe('proposeForEvent (Art. 11, docs/grading.md#supervision-art-11)', () => {
  const base = { date: '2026-03-02' };
  it.each<[string, Omit<SupervisionInput, 'date'>, string, string | undefined]>([
    ['一级 + general fatal accident → 三级', { type: 'fatal_accident', class: 'general', level: '一级' }, 'downgrade', '三级'],
    ['二级 + general fatal accident → 三级', { type: 'fatal_accident', class: 'general', level: '二级' }, 'downgrade', '三级'],
    ['一级 + larger accident → revoke', { type: 'fatal_accident', class: 'larger', level: '一级' }, 'revoke', undefined],
    ['二级 + major accident → revoke', { type: 'fatal_accident', class: 'major', level: '二级' }, 'revoke', undefined],
    ['二级 + especially major → revoke', { type: 'fatal_accident', class: 'especially_major', level: '二级' }, 'revoke', undefined],
    ['三级 + general accident → revoke', { type: 'fatal_accident', class: 'general', level: '三级' }, 'revoke', undefined],
    ['no grade + accident → none', { type: 'fatal_accident', class: 'general', level: null }, 'none', undefined],
    ['一级 producing with a major hidden danger → revoke', { type: 'major_hidden_danger_production', level: '一级' }, 'revoke', undefined],
    ['三级 producing with a major hidden danger → revoke', { type: 'major_hidden_danger_production', level: '三级' }, 'revoke', undefined],
    ['shutdown start → none', { type: 'shutdown_started', level: '二级' }, 'none', undefined],
    ['shutdown of exactly 6 months → none', { type: 'shutdown_ended', level: '二级', shutdownSince: '2025-09-02' }, 'none', undefined],
    ['shutdown of 6 months and a day → revoke', { type: 'shutdown_ended', level: '二级', shutdownSince: '2025-09-01' }, 'revoke', undefined],
    ['一级 failed inspection, no scores → 二级', { type: 'failed_inspection', level: '一级' }, 'downgrade', '二级'],
    ['二级 failed spot-check, no scores → 三级', { type: 'spot_check_failed', level: '二级' }, 'downgrade', '三级'],
    ['三级 failed inspection → revoke', { type: 'failed_inspection', level: '三级' }, 'revoke', undefined],
    ['一级 spot-check, scores support 三级 → 三级', { type: 'spot_check_failed', level: '一级', supportedLevel: '三级' }, 'downgrade', '三级'],
    ['二级 inspection, scores meet no grade → revoke', { type: 'failed_inspection', level: '二级', supportedLevel: '不达标' }, 'revoke', undefined],
    ['二级 inspection, scores still support 二级 → none', { type: 'failed_inspection', level: '二级', supportedLevel: '二级' }, 'none', undefined],
  ])('%s', (_name, input, action, toLevel) => {
    const p = proposeForEvent({ ...base, ...input } as SupervisionInput);
    expect(p.action).toBe(action);
    expect(p.toLevel).toBe(toLevel);
    expect(p.reason.length).toBeGreaterThan(10);
    expect(p.reasonZh.length).toBeGreaterThan(5);
  });
});

describe('proposeForEvent on a grade announced after the event (judged on the event date, acts on the grade now)', () => {
  const fatal = { type: 'fatal_accident', class: 'general', date: '2026-02-16' } as const;
  it.each<[string, Partial<SupervisionInput>, string, string | undefined]>([
    ['二级 then, 二级 now → 三级', { level: '二级', current: '二级' }, 'downgrade', '三级'],
    ['一级 then, 二级 now → 三级', { level: '一级', current: '二级' }, 'downgrade', '三级'],
    ['三级 then, 二级 now → revoke the current 二级', { level: '三级', current: '二级' }, 'revoke', undefined],
    ['二级 then, 三级 now → nothing lower to go to', { level: '二级', current: '三级' }, 'none', undefined],
    ['二级 then, no grade now → none', { level: '二级', current: null }, 'none', undefined],
    ['no grade then, 二级 now → none', { level: null, current: '二级' }, 'none', undefined],
  ])('%s', (_name, input, action, toLevel) => {
    const p = proposeForEvent({ ...fatal, ...input } as SupervisionInput);
    expect(p.action).toBe(action);
    expect(p.toLevel).toBe(toLevel);
  });
  it('lowers a failed-inspection 一级 of the event date to 二级 only when the current grade is above 二级', () => {
    expect(proposeForEvent({ type: 'failed_inspection', date: '2026-02-16', level: '一级', current: '一级' })).toMatchObject({ action: 'downgrade', toLevel: '二级' });
    expect(proposeForEvent({ type: 'failed_inspection', date: '2026-02-16', level: '一级', current: '二级' }).action).toBe('none');
  });
});

describe('packEventForChange (what later evaluations see)', () => {
  it.each([
    ['downgraded', 'major_hidden_danger_production', 'downgraded_major_hidden_danger'],
    ['revoked', 'major_hidden_danger_production', 'revoked_major_hidden_danger'],
    ['downgraded', 'spot_check_failed', 'downgraded_management_slide'],
    ['revoked', 'failed_inspection', 'revoked_management_slide'],
    ['downgraded', 'fatal_accident', null],
  ] as const)('%s after %s → %s', (kind, cause, expected) => {
    expect(packEventForChange(kind, cause)).toBe(expected);
  });
});
