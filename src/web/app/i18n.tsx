import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

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
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('gauge.lang') === 'en' ? 'en' : 'zh'));
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
export const useT = () => useContext(Ctx).t;

/** Picks the server error message in the current language. */
export function errorText(err: unknown, lang: Lang): string {
  if (err && typeof err === 'object' && 'messageZh' in err) {
    const e = err as { message: string; messageZh: string };
    return lang === 'zh' ? e.messageZh : e.message;
  }
  return err instanceof Error ? err.message : String(err);
}
