import { describe, expect, it } from 'vitest';
import { acceptedBy, buildWebhookRequest, describeEvent } from './integrations.formats';

// The wire formats of webhook deliveries (docs/integrations.md).
describe('describeEvent', () => {
  it.each([
    ['workorder.created', { number: 'KS-1', kind: 'complaint', customerName: '联合汽配', problem: '牙纹不良', severity: '批量' }, '【新工单】KS-1', ['类型：投诉', '客户：联合汽配', '问题：牙纹不良', '严重度：批量']],
    ['workorder.severity_serious', { number: 'KS-2', customerName: 'A', problem: 'B', severity: '严重', previous: '一般' }, '【严重客诉】KS-2', ['客户：A', '问题：B', '严重度：一般 → 严重']],
    ['deadline.missed', { number: 'KS-3', deadline: 'reply', deadlineLabel: '答复', dueLocal: '2026-03-03 18:00', customerName: 'C' }, '【超期】KS-3 答复', ['期限：答复', '到期：2026-03-03 18:00', '客户：C']],
    ['workorder.closed', { number: 'KS-4', customerName: 'D', problem: null }, '【已结案】KS-4', ['客户：D']],
    ['grading.announced', { mineName: '一号井', kind: 'downgraded', level: '三级', fromLevel: '二级', since: '2026-05-01', validUntil: '2027-01-01' }, '【定级公告】一号井降为三级', ['原等级：二级', '生效日期：2026-05-01', '有效期至：2027-01-01']],
    ['grading.announced', { mineName: '二号井', kind: 'revoked', level: null, fromLevel: '一级', since: '2026-05-01', validUntil: null }, '【定级公告】二号井等级撤消', ['原等级：一级', '生效日期：2026-05-01']],
  ] as const)('%s → %s', (event, data, title, lines) => {
    expect(describeEvent({ event, occurredAt: '2026-03-02T02:00:00.000Z', data })).toEqual({ title, lines });
  });

  it('flattens markdown, mentions and line breaks in customer text', () => {
    const { lines } = describeEvent({ event: 'workorder.closed', occurredAt: '', data: { number: 'KS-5', customerName: '**粗体**\n@所有人 ![x](http://e/x.png)' } });
    expect(lines).toEqual(['客户：粗体 所有人 x http://e/x.png']);
  });
});

describe('buildWebhookRequest', () => {
  const delivery = { id: 'd1', body: '{"event":"workorder.closed","occurredAt":"2026-03-02T02:00:00.000Z","data":{"number":"KS-6"}}' };
  it('leaves a DingTalk URL without a secret unsigned', () => {
    const r = buildWebhookRequest({ url: 'https://oapi.dingtalk.com/robot/send?access_token=t', format: 'dingtalk', secret: null }, delivery, new Date(0));
    expect(r.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=t');
  });
  it('sends the stored document unchanged for the generic format', () => {
    expect(buildWebhookRequest({ url: 'https://x/y', format: 'generic', secret: 's' }, delivery, new Date(0)).body).toBe(delivery.body);
  });
});

describe('acceptedBy', () => {
  it.each([
    ['generic', 204, '', true],
    ['generic', 500, 'oops', false],
    ['wecom', 200, '{"errcode":0,"errmsg":"ok"}', true],
    ['wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}', false],
    ['dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}', false],
    ['dingtalk', 200, '<html>', false],
  ] as const)('%s answered %i %s → %s', (format, status, body, ok) => {
    expect(acceptedBy(format, status, body).ok).toBe(ok);
  });
});
