// The grade ladder (Art. 5): 一级 is the highest.
import type { Level } from './dates';

export const LEVELS: readonly Level[] = ['一级', '二级', '三级'];

/** Rank: 一级 = 3, 二级 = 2, 三级 = 1, anything else (不达标) = 0. */
export function rank(level: string | null | undefined): number {
  const i = LEVELS.indexOf(level as Level);
  return i < 0 ? 0 : 3 - i;
}

export function isLevel(x: string | null | undefined): x is Level {
  return LEVELS.includes(x as Level);
}

/** The next grade down (一级 → 二级 → 三级 → null). */
export function nextDown(level: Level): Level | null {
  const i = LEVELS.indexOf(level);
  return i + 1 < LEVELS.length ? LEVELS[i + 1] : null;
}
