import { describe, expect, it } from 'vitest';
import { neutralizeFormula, restoreNeutralized, safeCell, safeRow } from './cells';

describe('spreadsheet cells never run as formulas', () => {
  it.each(['=1+1', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])('prefixes %j with a quote', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
    expect(restoreNeutralized(neutralizeFormula(text))).toBe(text);
  });

  it('leaves ordinary text, numbers and dates alone', () => {
    expect(neutralizeFormula('上海联合汽配')).toBe('上海联合汽配');
    expect(safeCell(-5)).toBe(-5);
    const d = new Date();
    expect(safeRow([d, 3, '=x', null])).toEqual([d, 3, "'=x", null]);
    expect(safeRow({ a: '@x', b: 1 })).toEqual({ a: "'@x", b: 1 });
    // A quote before ordinary text is the user's own and survives a re-import.
    expect(restoreNeutralized("'quoted")).toBe("'quoted");
  });
});
