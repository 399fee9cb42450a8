import { describe, expect, it } from 'vitest';
import { actionFieldOf, createFieldOf, toActionRequest, toCreateBody, type CreateFormValues } from './requests';

const base: CreateFormValues = { kind: 'complaint', channel: 'phone', category: 'quality', receivedAt: '', defectMode: 'rate' };

describe('toCreateBody', () => {
  it('leaves empty and blank fields out so the server names every missing one (docs/workorders.md#intake)', () => {
    const body = toCreateBody({ ...base, customerName: '  ', problem: ' 牙纹不良 ', productCode: '' });
    expect(body).toEqual({ kind: 'complaint', channel: 'phone', category: 'quality', problem: '牙纹不良' });
  });

  it('sends the defect rate as a 0–1 fraction because the form asks it in per cent', () => {
    expect(toCreateBody({ ...base, defectPercent: 35 }).defectRate).toBe(0.35);
    expect(toCreateBody({ ...base, defectPercent: 0 }).defectRate).toBe(0);
  });

  it('sends lot size and defect count only in the lot mode, never both ways at once', () => {
    const lot = toCreateBody({ ...base, defectMode: 'lot', defectPercent: 10, lotSize: 200, defectCount: 7 });
    expect([lot.defectRate, lot.lotSize, lot.defectCount]).toEqual([undefined, 200, 7]);
    const rate = toCreateBody({ ...base, defectMode: 'rate', defectPercent: 10, lotSize: 200, defectCount: 7 });
    expect([rate.defectRate, rate.lotSize, rate.defectCount]).toEqual([0.1, undefined, undefined]);
  });

  it('reads a typed receipt time as Beijing time, so a back-dated letter keeps its real arrival', () => {
    expect(toCreateBody({ ...base, receivedAt: '2026-02-27T16:30' }).receivedAt).toBe('2026-02-27T08:30:00.000Z');
  });

  it('keeps category for complaints only and the on-the-spot answer for inquiries only', () => {
    expect(toCreateBody({ ...base, kind: 'suggestion' }).category).toBeUndefined();
    const inquiry = toCreateBody({ ...base, kind: 'inquiry', answeredOnSpot: true, answer: '推荐 25 N·m' });
    expect([inquiry.answeredOnSpot, inquiry.answer]).toEqual([true, '推荐 25 N·m']);
    expect(toCreateBody({ ...base, answeredOnSpot: true, answer: 'x' }).answer).toBeUndefined();
  });

  it('sends only the severity facts that were answered', () => {
    expect(toCreateBody({ ...base, facts: { functionalFailure: true, lineStopped: undefined } }).facts).toEqual({ functionalFailure: true });
    expect(toCreateBody({ ...base, facts: {} }).facts).toBeUndefined();
  });
});

describe('createFieldOf', () => {
  it.each([
    ['defectRate', ['defectPercent']],
    ['defect', ['defectPercent']],
    ['customer', ['customerName']],
    ['facts.functionalFailure', ['facts', 'functionalFailure']],
    ['shipDate', ['shipDate']],
  ])('marks the server field %s on form field %j', (field, path) => {
    expect(createFieldOf(field)).toEqual(path);
  });
});

describe('toActionRequest', () => {
  it.each([
    ['accept', {}, { action: 'accept', version: 3, note: undefined }],
    ['dispatch', { departmentId: 'u1' }, { action: 'dispatch', version: 3, note: undefined, departmentId: 'u1' }],
    ['return_8d', { reason: ' D4 不充分 ', note: '' }, { action: 'return_8d', version: 3, note: undefined, reason: 'D4 不充分' }],
    ['callback', { satisfied: false, note: '要求说明' }, { action: 'callback', version: 3, note: '要求说明', satisfied: false }],
    ['grant_extension', { deadline: 'reply', customerAgreement: '电话同意' }, { action: 'grant_extension', version: 3, note: undefined, deadline: 'reply', customerAgreement: '电话同意' }],
  ])('builds %s with the version read, so a stale form is refused with 409', (action, values, expected) => {
    expect(toActionRequest(action as Parameters<typeof toActionRequest>[0], 3, values)).toEqual(expected);
  });

  it('sends the new due of an extension as the Beijing wall-clock time typed', () => {
    const r = toActionRequest('request_extension', 1, { deadline: 'reply', until: '2026-03-10T18:00', reason: '等待补货' });
    expect(r).toMatchObject({ until: '2026-03-10T10:00:00.000Z', reason: '等待补货' });
  });

  it('puts D1–D8 into the report and leaves unanswered disciplines out', () => {
    const r = toActionRequest('submit_8d', 2, { d1Team: '张伟', d4RootCause: '丝锥磨损', d5Actions: '  ' });
    expect(r).toMatchObject({ action: 'submit_8d', report: { d1Team: '张伟', d4RootCause: '丝锥磨损', d5Actions: undefined } });
  });

  it('adds an offer to a reply only when an amount was given, and the adopted flag only for suggestions', () => {
    expect(toActionRequest('reply', 1, { message: '已处理' })).toMatchObject({ offer: undefined, adopted: undefined });
    expect(toActionRequest('reply', 1, { message: '已处理', offerAmount: 300, offerDescription: '补发', adopted: false })).toMatchObject({
      offer: { amount: 300, description: '补发' },
      adopted: false,
    });
  });

  it('carries the 话术库 entry picked in a reply or callback dialog, so the server counts its use (docs/knowledge.md)', () => {
    expect(toActionRequest('reply', 1, { message: '推荐 25 N·m', knowledgeEntryId: 'k1' })).toMatchObject({ knowledgeEntryId: 'k1' });
    expect(toActionRequest('callback', 1, { satisfied: true, knowledgeEntryId: 'k2' })).toMatchObject({ knowledgeEntryId: 'k2' });
    expect(toActionRequest('reply', 1, { message: '已处理' })).not.toHaveProperty('knowledgeEntryId', expect.anything());
    expect(toCreateBody({ ...base, kind: 'inquiry', answeredOnSpot: true, answer: '推荐 25 N·m', knowledgeEntryId: 'k3' }).knowledgeEntryId).toBe('k3');
  });
});

describe('actionFieldOf', () => {
  it.each([
    ['report.d4RootCause', 'd4RootCause'],
    ['offer.amount', 'offerAmount'],
    ['reason', 'reason'],
  ])('marks the server field %s on the form field %s', (field, name) => {
    expect(actionFieldOf(field)).toBe(name);
  });
});

describe('the repair steps’ requests (docs/callcenter.md "Emergency repairs")', () => {
  it('sends the people concerned, whether the customer is told, and the message', () => {
    expect(toActionRequest('notify', 3, { recipients: ['u1', 'u2'], notifyCustomer: true, message: ' 抢修通知 ' })).toEqual({ action: 'notify', version: 3, note: undefined, recipients: ['u1', 'u2'], notifyCustomer: true, message: '抢修通知' });
    expect(toActionRequest('notify', 3, { message: 'x' })).toMatchObject({ recipients: [], notifyCustomer: false });
  });

  it('sends the crew rows that were filled, trimmed, a phone left blank left out', () => {
    const body = toActionRequest('assign_crew', 4, { crew: [{ name: ' 张师傅 ', phone: ' 13955550101 ' }, { name: '李师傅', phone: '' }, {}, undefined] });
    expect(body).toEqual({ action: 'assign_crew', version: 4, note: undefined, crew: [{ name: '张师傅', phone: '13955550101' }, { name: '李师傅', phone: undefined }] });
  });

  it('reads arrival and completion times as Beijing time, and leaves them out when not typed (the server takes now)', () => {
    expect(toActionRequest('record_arrival', 5, { arrivedAt: '2026-03-02T11:20' })).toMatchObject({ arrivedAt: '2026-03-02T03:20:00.000Z' });
    expect(toActionRequest('record_arrival', 5, {})).toMatchObject({ arrivedAt: undefined });
    expect(toActionRequest('complete_repair', 6, { result: '更换密封圈' })).toEqual({ action: 'complete_repair', version: 6, note: undefined, completedAt: undefined, result: '更换密封圈' });
  });

  it('puts a crew row’s error on that row’s field and a recipient’s on the recipients select', () => {
    expect(actionFieldOf('crew.1.phone')).toEqual(['crew', 1, 'phone']);
    expect(actionFieldOf('recipients.0')).toBe('recipients');
    expect(actionFieldOf('arrivedAt')).toBe('arrivedAt');
  });
});
