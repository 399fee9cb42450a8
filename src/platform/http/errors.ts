// The small error taxonomy (docs/architecture.md#conventions-every-module-follows): a stable code, an HTTP status, a message in English and Chinese,
// and optional structured details. One handler in app.ts turns these into responses.

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageZh: string,
    readonly details?: Record<string, unknown>,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, zh: string, code = `${what.replace(/\s+/g, '_').toLowerCase()}_not_found`) =>
  new AppError(404, code, `${what} not found`, `${zh}不存在`);

export const unauthorized = () => new AppError(401, 'unauthenticated', 'Sign in first', '请先登录');

export const forbidden = (why = 'You may not do this', zh = '无权执行此操作') => new AppError(403, 'forbidden', why, zh);

export const conflict = (code: string, message: string, zh: string, details?: Record<string, unknown>) =>
  new AppError(409, code, message, zh, details);

export const staleVersion = (current: number) =>
  new AppError(409, 'stale_version', 'The record was changed by someone else; reload and try again', '记录已被他人修改，请刷新后重试', {
    currentVersion: current,
  });

export const invalid = (errors: FieldError[], message = 'Some fields are missing or invalid', zh = '有字段缺失或无效') =>
  new AppError(422, 'validation_failed', message, zh, undefined, errors);

export const tooManyRequests = (retryAfterSeconds: number, message = 'Too many attempts; try again later', zh = '尝试次数过多，请稍后再试', errors?: FieldError[]) =>
  new AppError(429, 'rate_limited', message, zh, { retryAfterSeconds }, errors);

/** A text in both UI languages. The UI is Chinese first; English follows (docs/architecture.md "Shared helpers"). */
export interface LocalText {
  zh: string;
  en: string;
}

/** "中文 / English": the one place a bilingual message is joined, so every field error reads the same way. */
export const bilingual = (t: LocalText): string => `${t.zh} / ${t.en}`;

/** One field's error with its message in both languages: `invalid([fieldError('date', '不是有效日期', 'not a real date')])`. */
export const fieldError = (field: string, zh: string, en: string): FieldError => ({ field, message: bilingual({ zh, en }) });
