import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type * as en from '@zxcvbn-ts/language-en';
import { lazy } from '../../platform/lazy';

// scrypt (RFC 7914) from Node's crypto: a memory-hard KDF with no native add-on to install.
// N=2^15, r=8, p=1 is OWASP's current minimum for scrypt; parameters are stored with each hash so they can
// be raised later without breaking existing passwords.
const N = 1 << 15;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 128 * N * R * 2 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts;
  const expected = Buffer.from(keyB64, 'base64');
  const opts = { N: Number(n), r: Number(r), p: Number(p), maxmem: 128 * Number(n) * Number(r) * 2 };
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, opts);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A dummy hash to verify against when the user does not exist, so timing does not reveal usernames. */
export const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MIN_SCORE = 3;

// zxcvbn-ts estimates how many guesses a password takes (dictionaries of common passwords, names and words,
// keyboard rows, dates, repeats, l33t) — a length rule alone let `12345678` through (docs/security.md, V2).
// Its translations are set to the message keys themselves, so the reason can be worded in Chinese and English.
// The dictionaries (~0.5 s to load) are read when a password is first set, not at start-up (docs/performance.md).
const keysOf = <T extends Record<string, string>>(o: T) => Object.fromEntries(Object.keys(o).map((k) => [k, k])) as T;
const loadEstimator = lazy(async () => {
  const [{ ZxcvbnFactory }, common, english] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
  const estimator = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: { ...english.translations, warnings: keysOf(english.translations.warnings), suggestions: keysOf(english.translations.suggestions) },
  });
  return { estimator, translations: english.translations };
});

const WARNINGS_ZH: Partial<Record<keyof typeof en.translations.warnings, string>> = {
  straightRow: '键盘上连续的一排键很容易被猜到',
  keyPattern: '短的键盘图案很容易被猜到',
  simpleRepeat: '重复字符（如 aaa）很容易被猜到',
  extendedRepeat: '重复的字符组合（如 abcabc）很容易被猜到',
  sequences: '常见的字符序列（如 abc、1234）很容易被猜到',
  recentYears: '近年的年份很容易被猜到',
  dates: '日期很容易被猜到',
  topTen: '这是最常用的密码之一',
  topHundred: '这是非常常用的密码',
  common: '这是常用密码',
  similarToCommon: '与常用密码过于相似',
  wordByItself: '单个词很容易被猜到',
  namesByThemselves: '单独的姓名很容易被猜到',
  commonNames: '常见的姓名很容易被猜到',
  userInputs: '不应包含用户名、姓名等个人信息',
  pwned: '该密码已在数据泄露中出现过',
};

const SUGGESTIONS_ZH: Partial<Record<keyof typeof en.translations.suggestions, string>> = {
  l33t: '避免可预测的字母替换（如 @ 代替 a）',
  reverseWords: '避免把常用词倒过来写',
  allUppercase: '大写部分字母而非全部',
  capitalization: '不要只把首字母大写',
  dates: '避免与自己相关的日期和年份',
  recentYears: '避免近年的年份',
  associatedYears: '避免与自己相关的年份',
  sequences: '避免常见的字符序列',
  repeated: '避免重复的词和字符',
  longerKeyboardPattern: '使用更长的键盘图案并多次改变方向',
  anotherWord: '再加几个不常见的词',
  useWords: '使用多个词，但避免常见短语',
};

/**
 * Null when `password` may be set, else the reason as "中文 / English". `userInputs` (username, display name,
 * e-mail, phone) are an extra dictionary: a password built from them is refused too. Applies to every password
 * set through the API or the CLI; the demo seed writes its known password directly.
 */
export async function validatePasswordStrength(password: string, userInputs: (string | null | undefined)[] = []): Promise<string | null> {
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 位 / at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > 200) return '密码过长（最多 200 位） / too long (200 characters at most)';
  const inputs = userInputs.filter((x): x is string => !!x).flatMap((x) => [x, ...x.split(/[@.\s_-]+/)]).filter((x) => x.length >= 3);
  const { estimator, translations } = await loadEstimator();
  const result = estimator.check(password, inputs);
  if (result.score >= PASSWORD_MIN_SCORE) return null;
  const warning = result.feedback.warning as keyof typeof WARNINGS_ZH | null;
  const suggestions = result.feedback.suggestions as (keyof typeof SUGGESTIONS_ZH)[];
  const zh = [warning && WARNINGS_ZH[warning], ...suggestions.map((k) => SUGGESTIONS_ZH[k])].filter(Boolean);
  const enText = [warning && translations.warnings[warning], ...suggestions.map((k) => translations.suggestions[k])].filter(Boolean);
  return `密码太容易被猜到${zh.length ? `：${zh.join('；')}` : ''}；请使用更长、由几个不相关的词组成的密码 / too easy to guess${enText.length ? `: ${enText.join(' ')}` : '.'} Use a longer password made of several unrelated words.`;
}
