import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { LoginPage } from '../pages/LoginPage';
import { NotificationsPage } from '../pages/NotificationsPage';
import { hasAnyRole, useMe } from './auth';
import { I18nProvider, useI18n } from './i18n';
import { AppLayout } from './Layout';
import { appRoutes, publicRoutes } from './routes';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

function Guarded() {
  const me = useMe();
  const location = useLocation();
  const { t } = useI18n();
  if (me.isLoading) return <Spin style={{ margin: 80 }} />;
  if (!me.data) return <Navigate to="/login" state={{ from: location.pathname }} replace />;
  return (
    <AppLayout me={me.data}>
      <Routes>
        {appRoutes.map((r) => (
          <Route
            key={r.path}
            path={r.path === '/' ? '/' : `${r.path}/*`}
            element={hasAnyRole(me.data, r.roles) ? r.element : <Result status="403" title="403" subTitle={t('您的角色无权访问此页面', 'Your role may not open this page')} />}
          />
        ))}
        <Route path="/notifications" element={<NotificationsPage />} />
        <Route path="*" element={<Result status="404" title="404" subTitle={t('页面不存在', 'Page not found')} />} />
      </Routes>
    </AppLayout>
  );
}

function Localised() {
  const { lang } = useI18n();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1f5fbf', borderRadius: 6 } }}>
      <AntApp>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            {publicRoutes.map((r) => (
              <Route key={r.path} path={`${r.path}/*`} element={r.element} />
            ))}
            <Route path="/*" element={<Guarded />} />
          </Routes>
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
