import { describe, expect, it } from 'vitest';
import {
  applicationFieldPath,
  clockColour,
  objectorText,
  editionFormat,
  enteredScores,
  formatScore,
  levelsAllowed,
  parseScore,
  pipelinePosition,
  shanghaiDateTime,
  shanghaiDay,
  validityState,
  weightSum,
} from './grading-utils';

describe('Shanghai dates', () => {
  it.each([
    ['2026-03-01T16:00:00.000Z', '2026-03-02', 'midnight in Shanghai is 16:00 UTC the day before'],
    ['2026-03-01T15:59:59.000Z', '2026-03-01', 'one second earlier is still the previous Shanghai day'],
    ['2026-07-10', '2026-07-10', 'a bare date is already a local day'],
  ])('shanghaiDay(%s) is %s because %s', (input, day) => {
    expect(shanghaiDay(input)).toBe(day);
  });

  it('shows an instant as the Shanghai wall-clock time and keeps a bare date as a date', () => {
    expect(shanghaiDateTime('2026-03-02T10:00:00.000Z')).toBe('2026-03-02 18:00');
    expect(shanghaiDateTime('2026-03-02')).toBe('2026-03-02');
    expect(shanghaiDateTime(null)).toBe('');
  });
});

describe('formatScore', () => {
  it.each([
    [68.5795, '68.58'],
    [90, '90.00'],
    [null, '—'],
    [Number.NaN, '—'],
  ])('shows %s as %s (two decimals, docs/grading.md#scoring-templates)', (n, s) => {
    expect(formatScore(n)).toBe(s);
  });
});

describe('validityState', () => {
  const grade = { validUntil: '2026-07-10', reapplyBy: '2026-04-10' };
  it.each([
    ['2026-04-09', 'valid', 'the day before the re-application date is outside the 3-month window'],
    ['2026-04-10', 'expiring', 'the re-application date opens the 3-month window (定级办法 Art. 8–10; docs/grading.md#validity-reminder-extension-art-8-9-10)'],
    ['2026-07-09', 'expiring', 'the last day of validity is still inside the window'],
    ['2026-07-10', 'expired', 'on the third anniversary the grade has lapsed (docs/grading.md#date-conventions)'],
  ] as const)('on %s the grade is %s because %s', (today, state, _why) => {
    expect(validityState(grade, today)).toBe(state);
  });
});

describe('pipelinePosition', () => {
  it.each([
    [{ status: 'submitted', hasAssessment: false, hasNotice: false }, { current: 1, status: 'process' }, 'a new application waits for initial review'],
    [{ status: 'assessment', hasAssessment: false, hasNotice: false }, { current: 2, status: 'process' }, 'it is being assessed'],
    [{ status: 'public_notice', hasAssessment: true, hasNotice: true }, { current: 3, status: 'process' }, 'the notice is running'],
    [{ status: 'announced', hasAssessment: true, hasNotice: true }, { current: 4, status: 'finish' }, 'the grade was announced'],
    [{ status: 'rejected', hasAssessment: false, hasNotice: false }, { current: 1, status: 'error' }, 'it failed the initial review'],
    [{ status: 'disqualified', hasAssessment: true, hasNotice: false }, { current: 2, status: 'error' }, 'fraud was found at assessment'],
    [{ status: 'withdrawn', hasAssessment: true, hasNotice: true }, { current: 3, status: 'error' }, 'it was withdrawn during the notice'],
  ] as const)('%o → %o because %s', (app, pos, _why) => {
    expect(pipelinePosition(app)).toEqual(pos);
  });
});

describe('weightSum', () => {
  it('accepts weights that sum to 1 despite floating-point noise', () => {
    expect(weightSum({ a: 0.1, b: 0.2, c: 0.7 })).toEqual({ sum: 1, complete: true, ok: true });
  });
  it('refuses weights summing to 0.99, because docs/grading.md#scoring-templates requires exactly 1', () => {
    expect(weightSum({ a: 0.5, b: 0.49 }).ok).toBe(false);
  });
  it('reports incomplete weights when a part has none yet, even if the others sum to 1', () => {
    expect(weightSum({ a: 1, b: null })).toEqual({ sum: 1, complete: false, ok: false });
  });
});

describe('levelsAllowed', () => {
  it.each([
    [[], ['一级', '二级', '三级'], 'no ban leaves every grade open'],
    [[{ scope: '一级' }], ['二级', '三级'], 'a downgraded mine may not seek 一级 for a year (定级办法 Art. 11; docs/grading.md#supervision-art-11)'],
    [[{ scope: '二级及以上' }], ['三级'], 'fraud bars 二级 and above for a year (定级办法 Art. 7; docs/grading.md#the-pipeline-art-7)'],
    [[{ scope: '全部' }], [], 'a revoked mine may apply for nothing for two years (定级办法 Art. 11; docs/grading.md#supervision-art-11)'],
  ])('bans %o leave %o because %s', (bans, levels) => {
    expect(levelsAllowed(bans)).toEqual(levels);
  });
});

describe('entered scores', () => {
  it('treats blank input as not entered rather than 0, so an untouched part never fails a threshold', () => {
    expect(parseScore('')).toBeUndefined();
    expect(parseScore('  ')).toBeUndefined();
    expect(parseScore('88.5')).toBe(88.5);
    expect(parseScore(0)).toBe(0);
    expect(enteredScores({ 通风: 92, 采煤: '', 掘进: '91' })).toEqual({ 通风: 92, 掘进: 91 });
  });
});

describe('editionFormat', () => {
  it('reads text starting with a brace as JSON and anything else as YAML', () => {
    expect(editionFormat('  {"id":"x"}')).toBe('json');
    expect(editionFormat('id: coal-mine-2024\n')).toBe('yaml');
  });
});

describe('applicationFieldPath', () => {
  it.each([
    ['selfAssessment.partScores.通风', ['partScores', '通风'], 'a part score error belongs to that part’s input'],
    ['selfAssessment.partScores.a.b', ['partScores', 'a.b'], 'a part name with a dot stays one key'],
    ['selfAssessment.basicConditionsMet', ['basicConditionsMet'], 'facts sit at the top of the form'],
    ['targetLevel', ['targetLevel'], 'top-level fields keep their name'],
  ])('%s → %o because %s', (field, path) => {
    expect(applicationFieldPath(field)).toEqual(path);
  });
});

describe('objector cell', () => {
  it('shows a withheld objector once, not the withheld name and contact nested', () => {
    expect(objectorText({ name: '（保密）', contact: '（保密）', withheld: true }, '（保密）')).toBe('（保密）');
  });
  it('shows the authority the name with the contact', () => {
    expect(objectorText({ name: '张三', contact: '13800000000', withheld: false }, '（保密）')).toBe('张三（13800000000）');
  });
});

describe('60-working-day clock colour in lists (定级办法 Art. 7; docs/grading.md#the-pipeline-art-7)', () => {
  it.each([
    { overdue: true, workingDaysLeft: 0, clockStopped: false, colour: 'red', why: 'past the due instant' },
    { overdue: true, workingDaysLeft: 0, clockStopped: true, colour: 'red', why: 'finished after the due instant' },
    { overdue: false, workingDaysLeft: 10, clockStopped: false, colour: 'orange', why: 'ten working days left' },
    { overdue: false, workingDaysLeft: 11, clockStopped: false, colour: undefined, why: 'eleven working days left' },
    { overdue: false, workingDaysLeft: 3, clockStopped: true, colour: undefined, why: 'finished in time' },
  ])('is $colour when $why', ({ colour, ...c }) => {
    expect(clockColour(c)).toBe(colour);
  });
});
