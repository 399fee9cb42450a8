import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Result, Space, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense, useSyncExternalStore } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { LoginPage } from '../pages/LoginPage';
import { NotificationsPage } from '../pages/NotificationsPage';
import { hasAnyRole, useMe } from './auth';
import { I18nProvider, useI18n } from './i18n';
import { AppLayout } from './Layout';
import { appRoutes, publicRoutes } from './routes';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

/** Shown while a page's chunk downloads (routes.tsx loads each section on demand). */
const pageLoading = <Spin style={{ display: 'block', margin: 80 }} />;

/** A refused or unknown page always offers a way out: back where the user came from, or the start page. */
function NoEntry({ status }: { status: 403 | 404 }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status={status}
      title={String(status)}
      subTitle={status === 403 ? t('您的角色无权访问此页面。如需访问，请联系系统管理员授予相应角色。', 'Your role may not open this page. Ask an administrator for the role if you need it.') : t('页面不存在', 'Page not found')}
      extra={
        <Space>
          <Button onClick={() => navigate(-1)}>{t('返回上一页', 'Go back')}</Button>
          <Button type="primary" onClick={() => navigate('/')}>
            {t('回到首页', 'Home')}
          </Button>
        </Space>
      }
    />
  );
}

function Guarded() {
  const me = useMe();
  const location = useLocation();
  if (me.isLoading) return <Spin style={{ margin: 80 }} />;
  if (!me.data) return <Navigate to="/login" state={{ from: location.pathname }} replace />;
  return (
    <AppLayout me={me.data}>
      <Suspense fallback={pageLoading}>
        <Routes>
          {appRoutes.map((r) => (
            <Route
              key={r.path}
              path={r.path === '/' ? '/' : `${r.path}/*`}
              element={hasAnyRole(me.data, r.roles) ? r.element : <NoEntry status={403} />}
            />
          ))}
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="*" element={<NoEntry status={404} />} />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
const watchReducedMotion = (onChange: () => void) => {
  const query = window.matchMedia?.(REDUCED_MOTION);
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
};

/**
 * Whoever asks their system for less motion gets no animations (WCAG 2.3.3; docs/web.md): Ant Design's dialogs,
 * menus and drawers then open and close at once. The browser tests ask for it too, so a click never lands on a
 * dialog still zooming in (test/helpers/browser.ts).
 */
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(watchReducedMotion, () => window.matchMedia?.(REDUCED_MOTION).matches ?? false);
}

function Localised() {
  const { lang } = useI18n();
  const reducedMotion = usePrefersReducedMotion();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1f5fbf', borderRadius: 6, motion: !reducedMotion } }}>
      <AntApp>
        <BrowserRouter>
          <Suspense fallback={pageLoading}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              {publicRoutes.map((r) => (
                <Route key={r.path} path={`${r.path}/*`} element={r.element} />
              ))}
              <Route path="/*" element={<Guarded />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Localised />
      </I18nProvider>
    </QueryClientProvider>
  );
}
