import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS, parseTemplate, placeholderToken, placeholderValues, placeholdersIn, renderTemplate } from './placeholders';

// The 话术库's placeholder syntax and rendering (docs/knowledge.md "Placeholders"), table-driven.

describe('parseTemplate', () => {
  it.each([
    ['{客户}您好', []],
    ['{customer}, hello', []],
    ['{ 受理编号 }', []],
    ['价格为 {{含税}} 价', []],
    ['右括号 }} 也可以', []],
    ['没有占位符的文字', []],
    ['', []],
  ])('accepts %j', (text, problems) => {
    expect(parseTemplate(text).problems).toEqual(problems);
  });

  it.each([
    ['{客户名称}您好', /未知占位符 \{客户名称\}/],
    ['{Customer}', /未知占位符 \{Customer\}/],
    ['{}', /未知占位符 \{\}/],
    ['您好 {客户', /第 4 个字符处的“\{”没有闭合/],
    ['{客户 {受理编号}', /第 1 个字符处的“\{”没有闭合/],
    ['多了 } 一个', /第 4 个字符处多了一个“\}”/],
  ])('refuses %j, saying where and why', (text, message) => {
    const { problems } = parseTemplate(text);
    expect(problems).toHaveLength(1);
    expect(problems[0].zh).toMatch(message);
    expect(problems[0].en).toMatch(/^(unknown placeholder|the "\{" at character \d+ is not closed|a stray "\}")/);
  });

  it('lists every problem of a text, not only the first', () => {
    expect(parseTemplate('{甲} 与 {乙} 与 {客户').problems.map((p) => p.at)).toEqual([0, 6, 12]);
  });

  it('names each known placeholder once, in order, by its key', () => {
    expect(placeholdersIn('{客户}：编号 {受理编号}，再说一次 {customer}，{{答复期限}}')).toEqual(['customer', 'trackingNumber']);
  });

  it('has a distinct Chinese name and key for every placeholder', () => {
    const names = PLACEHOLDERS.flatMap((p) => [p.zh, p.key]);
    expect(new Set(names).size).toBe(names.length);
    expect(placeholderToken('replyDue')).toBe('{答复期限}');
  });
});

describe('renderTemplate', () => {
  const values = { customer: '上海联合汽配有限公司', trackingNumber: 'TS20260302ABCDEFGHJK', replyDue: '2026-03-05 18:00' };

  it.each([
    ['{客户}您好，受理编号 {受理编号}，我们将于 {答复期限} 前答复。', '上海联合汽配有限公司您好，受理编号 TS20260302ABCDEFGHJK，我们将于 2026-03-05 18:00 前答复。', []],
    ['Dear {customer}', 'Dear 上海联合汽配有限公司', []],
    ['字面 {{客户}} 不替换', '字面 {客户} 不替换', []],
    ['{客户}，您反映的 {问题} 已登记', '上海联合汽配有限公司，您反映的 {问题} 已登记', ['problem']],
    ['{ 经办人 } 为您服务；{经办人}', '{ 经办人 } 为您服务；{经办人}', ['agent']],
  ])('renders %j', (text, expected, missing) => {
    const r = renderTemplate(text, values);
    expect(r.text).toBe(expected);
    expect(r.missing).toEqual(missing);
  });

  it('marks which parts were filled and which are missing, for the preview', () => {
    expect(renderTemplate('{客户}：{问题}', values).parts).toEqual([
      { text: '上海联合汽配有限公司', key: 'customer' },
      { text: '：' },
      { text: '{问题}', key: 'problem', missing: true },
    ]);
  });

  it('treats a blank value as missing rather than printing nothing', () => {
    expect(renderTemplate('{客户}您好', { customer: '  ' })).toMatchObject({ text: '{客户}您好', missing: ['customer'] });
  });

  it('leaves a text with problems as it is', () => {
    expect(renderTemplate('{客户名称}', values)).toEqual({ text: '{客户名称}', parts: [{ text: '{客户名称}' }], missing: [] });
  });
});

describe('placeholderValues', () => {
  const wo = {
    customerName: '上海联合汽配有限公司',
    contactName: '王经理',
    trackingNumber: null,
    number: 'KS-20260302-0001',
    unitName: '华锐精密机械有限公司',
    productName: null,
    productCode: 'HR-M8-25',
    problem: '螺纹牙纹不良',
    // 2026-03-01 23:30 UTC is 2026-03-02 07:30 in Beijing.
    receivedAt: '2026-03-01T23:30:00.000Z',
    deadlines: [
      { name: 'reply', due: '2026-03-04T10:00:00.000Z', state: 'met' },
      { name: 'reply', due: '2026-03-09T10:00:00.000Z', state: 'running' },
      { name: 'callback', due: '2026-03-06T10:00:00.000Z', state: 'missed' },
      { name: 'callback', due: '2026-03-05T10:00:00.000Z', state: 'met' },
    ],
  };

  it('fills each placeholder from the work order, in Beijing time, with the documented fallbacks', () => {
    expect(placeholderValues(wo, { agentName: '坐席 王芳', portalUrl: 'https://gauge.example.com/portal' })).toEqual({
      customer: '上海联合汽配有限公司',
      contact: '王经理',
      trackingNumber: 'KS-20260302-0001',
      number: 'KS-20260302-0001',
      company: '华锐精密机械有限公司',
      product: 'HR-M8-25',
      problem: '螺纹牙纹不良',
      receivedDate: '2026-03-02',
      replyDue: '2026-03-09 18:00',
      callbackDue: '2026-03-06 18:00',
      agent: '坐席 王芳',
      portalUrl: 'https://gauge.example.com/portal',
    });
  });

  it('uses a suggestion’s promised reply date when it has no reply clock, and leaves unknown facts missing', () => {
    const v = placeholderValues({ customerName: null, contactName: '李先生', promisedReplyDate: '2026-03-10', deadlines: [] });
    expect(v).toMatchObject({ customer: '李先生', contact: '李先生', replyDue: '2026-03-10', callbackDue: null, receivedDate: null });
    expect(renderTemplate('{联系人}，{受理编号}', v).missing).toEqual(['trackingNumber']);
  });
});
