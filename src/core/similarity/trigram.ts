// Trigram similarity of two short texts (the similar-complaint warning at intake; docs/quality-loop.md#similar-complaints).
// Pure: the candidate set is read by the work-order module (bounded and indexed); this only scores text.
//
// The text is normalised (NFKC, lower case, every run of whitespace and punctuation one space), padded with a
// space on both sides, and cut into overlapping three-character windows by code point, so Chinese — which has no
// spaces — is compared character trigram by character trigram, as pg_trgm and SQLite's FTS5 trigram tokenizer
// do. The score is the Jaccard index |A ∩ B| / |A ∪ B| of the two trigram sets, 0 … 1.

/** The set of trigrams of a text; texts shorter than one character give the empty set. */
export function trigrams(text: string): Set<string> {
  const norm = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
  const out = new Set<string>();
  if (!norm) return out;
  const cps = Array.from(` ${norm} `);
  for (let i = 0; i + 3 <= cps.length; i++) out.add(cps[i] + cps[i + 1] + cps[i + 2]);
  return out;
}

/** Jaccard index of two trigram sets (0 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size && !b.size) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const t of small) if (large.has(t)) common++;
  return common / (a.size + b.size - common);
}

/** Trigram similarity of two texts, 0 … 1. */
export function similarity(a: string, b: string): number {
  return jaccard(trigrams(a), trigrams(b));
}

/** What made a work order similar: the same customer, product or batch, and how close the problem text is. */
export interface SimilarSignals {
  sameCustomer: boolean;
  sameProduct: boolean;
  sameBatch: boolean;
  /** Trigram similarity of the problem texts, 0 … 1. */
  text: number;
}

/** Below this text similarity a work order sharing nothing else is not shown. */
export const TEXT_THRESHOLD = 0.2;

/**
 * One score, 0 … 1, to rank the candidates: the same batch weighs most (a repeat of one defect), then the
 * customer, then the product; the text adds up to half. Rounded to 3 decimals so ties are stable.
 */
export function similarScore(s: SimilarSignals): number {
  const exact = (s.sameBatch ? 0.25 : 0) + (s.sameCustomer ? 0.15 : 0) + (s.sameProduct ? 0.1 : 0);
  return Math.round((exact + 0.5 * s.text) * 1000) / 1000;
}

/** Whether a candidate is worth showing at all. */
export const isSimilar = (s: SimilarSignals): boolean => s.sameCustomer || s.sameProduct || s.sameBatch || s.text >= TEXT_THRESHOLD;
