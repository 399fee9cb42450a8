// The shipped rule packs (policies/rules/*.yaml), embedded at build time; parsed and validated once, lazily.

import { compilePack, type CompiledPack } from './compile';
import { parseRulePack } from './parse';
import { SHIPPED_PACK_FILES } from './shipped-packs.generated';
import type { RulePack } from './types';

let packs: RulePack[] | undefined;

function load(): RulePack[] {
  if (!packs) {
    packs = SHIPPED_PACK_FILES.map(({ file, text }) => {
      const r = parseRulePack(text, file);
      // A shipped pack that does not validate is a build error; the shipped-packs test catches it first.
      if (!r.ok) throw new Error(`rules: invalid shipped pack\n${r.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
      return deepFreeze(r.pack);
    });
  }
  return packs;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Every shipped pack, validated and frozen. */
export function shippedPacks(): RulePack[] {
  return [...load()];
}

export function shippedPack(id: string): RulePack | undefined {
  return load().find((p) => p.id === id);
}

/** The shipped pack compiled (cached), for callers that evaluate often. */
export function shippedCompiledPack(id: string): CompiledPack | undefined {
  const p = shippedPack(id);
  return p ? compilePack(p) : undefined;
}

/** The YAML text of a shipped pack as it ships (e.g. as the starting point of an administrator's copy). */
export function shippedPackText(id: string): string | undefined {
  const i = load().findIndex((p) => p.id === id);
  return i < 0 ? undefined : SHIPPED_PACK_FILES[i].text;
}
