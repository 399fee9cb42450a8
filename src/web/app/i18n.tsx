import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

// zh-CN first, English second. Strings live beside their use as pairs — t('工单', 'Work orders') — so a page
// is readable in Chinese in the source and nothing can be missing in either language.
export type Lang = 'zh' | 'en';

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t(zh: string, en: string): string;
}

const Ctx = createContext<I18n>({ lang: 'zh', setLang: () => {}, t: (zh) => zh });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l: Lang = localStorage.getItem('gauge.lang') === 'en' ? 'en' : 'zh';
    // <html lang> follows the choice from the first render: screen readers, and api.ts picks field messages by it.
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    return l;
  });
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang(l) {
        localStorage.setItem('gauge.lang', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        setLangState(l);
      },
      t: (zh, en) => (lang === 'zh' ? zh : en),
    }),
    [lang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useI18n = () => useContext(Ctx);

/**
 * The signed-in user's stored language (users.language, set by the header's switch through PUT /api/me/language)
 * wins over the browser's last choice: applied when the user is first known — right after sign-in, or on opening
 * the app with a session — and whenever the stored value changes. A choice made before signing in (on the login
 * page) is the browser's only; the stored one replaces it.
 */
export function useStoredLanguage(me: { id: string; language: Lang } | null | undefined): void {
  const { lang, setLang } = useContext(Ctx);
  const applied = useRef<string | null>(null);
  useEffect(() => {
    if (!me) return;
    const key = `${me.id}:${me.language}`;
    if (applied.current === key) return;
    applied.current = key;
    if (me.language !== lang) setLang(me.language);
  }, [me, lang, setLang]);
}
export const useT = () => useContext(Ctx).t;

/** Picks the server error message in the current language. */
export function errorText(err: unknown, lang: Lang): string {
  if (err && typeof err === 'object' && 'messageZh' in err) {
    const e = err as { message: string; messageZh: string };
    return lang === 'zh' ? e.messageZh : e.message;
  }
  return err instanceof Error ? err.message : String(err);
}
