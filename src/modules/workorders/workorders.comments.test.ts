import { describe, expect, it } from 'vitest';
import { mentionsIn } from './workorders.comments';

// Which @names a note mentions (docs/workorders.md "Comments"): usernames after an @ that does not sit inside a word
// or an e-mail address; each once, in order.
describe('mentionsIn', () => {
  it.each([
    ['请@qe 确认', ['qe']],
    ['@dept 请分析，@qe 复核，再 @dept', ['dept', 'qe']],
    ['客户邮箱 wang@example.com', []],
    ['抄送 @li.na.', ['li.na']],
    ['(@supervisor)', ['supervisor']],
    ['@a 太短', []],
    ['无提及', []],
  ])('reads %j as %j', (text, names) => {
    expect(mentionsIn(text)).toEqual(names);
  });
});
