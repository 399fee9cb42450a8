import { BellOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Badge, Button, Dropdown, Layout, Menu, Segmented, Space, Typography } from 'antd';
import { useRef, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { CalendarBanner } from '../calendar/CalendarBanner';
import { client, unwrap } from './api';
import { hasAnyRole, useLogout, type Me } from './auth';
import { countsByPath, useInbox } from '../inbox/inbox-api';
import { useI18n, useStoredLanguage } from './i18n';
import { appRoutes, NAV_GROUPS, type NavGroup } from './routes';

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  // The language chosen here is stored on the server (users.language): the notifications and mail are written in
  // it, and the next sign-in, on any browser, opens in it (docs/web.md#languages).
  const lastChosen = useRef<'zh' | 'en' | null>(null);
  const stored = (l: 'zh' | 'en') => qc.setQueryData<Me | null>(['me'], (m) => (m ? { ...m, language: l } : m));
  const saveLanguage = useMutation({
    // One save at a time, in the order chosen (a mutation scope runs its mutations in series): two quick switches
    // sent together may commit in either order, and the next read of /api/me would then bring back the first choice.
    scope: { id: 'me-language' },
    mutationFn: (l: 'zh' | 'en') => unwrap(client.PUT('/api/me/language', { body: { language: l } })),
    onSuccess: (_saved, l) => {
      // A read of /api/me that crossed the save brought the old language back; the saved one stands.
      if (lastChosen.current === l) stored(l);
      return qc.invalidateQueries({ queryKey: ['notifications'] });
    },
    onError: (_err, l) => message.error(l === 'zh' ? '语言偏好未能保存，下次登录仍将使用原语言。' : 'The language could not be saved; the next sign-in will use the previous one.'),
  });
  const chooseLanguage = (l: 'zh' | 'en') => {
    setLang(l);
    lastChosen.current = l;
    void qc.cancelQueries({ queryKey: ['me'] }).then(() => stored(l));
    saveLanguage.mutate(l);
  };
  useStoredLanguage(me);
  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => unwrap(client.GET('/api/notifications/unread-count')),
    refetchInterval: 30_000,
  });
  // Counts beside the menu entries: the caller's pending steps (我的待办), per page they are taken on.
  const inbox = useInbox();

  const visible = appRoutes.filter((r) => r.nav && hasAnyRole(me, r.roles));
  const counts = countsByPath(inbox.data?.items ?? [], visible.map((r) => r.path));
  const navLabel = (path: string, text: string) => {
    const n = counts.get(path) ?? 0;
    return (
      <Link to={path}>
        <Space size={6}>
          {text}
          {n > 0 && <Badge count={n} size="small" color="#1677ff" data-testid={`nav-count-${path}`} />}
        </Space>
      </Link>
    );
  };
  const groups = (Object.keys(NAV_GROUPS) as NavGroup[])
    .map((g) => ({
      key: g,
      type: 'group' as const,
      label: lang === 'zh' ? NAV_GROUPS[g].zh : NAV_GROUPS[g].en,
      children: visible
        .filter((r) => (r.nav!.group ?? 'desk') === g)
        .sort((a, b) => (a.nav!.order ?? 0) - (b.nav!.order ?? 0))
        .map((r) => ({ key: r.path, label: navLabel(r.path, lang === 'zh' ? r.nav!.zh : r.nav!.en) })),
    }))
    .filter((g) => g.children.length > 0);
  const selected = visible.map((r) => r.path).filter((p) => p !== '/' && location.pathname.startsWith(p)).sort((a, b) => b.length - a.length)[0] ?? '/';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px' }}>
          <Link to="/">
            <Typography.Title level={4} style={{ margin: 0 }}>
              Gauge
            </Typography.Title>
            <Typography.Text type="secondary">{t('客诉与定级管理系统', 'Complaints & grading')}</Typography.Text>
          </Link>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          items={[{ key: '/', label: navLabel('/', t('我的待办', 'My work')) }, ...groups]}
          data-testid="nav"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', borderBottom: '1px solid #f0f0f0' }}>
          <Space size="large">
            <Segmented size="small" value={lang} onChange={(v) => chooseLanguage(v as 'zh' | 'en')} options={[{ label: '中文', value: 'zh' }, { label: 'EN', value: 'en' }]} />
            <Link to="/notifications" aria-label={t('通知', 'Notifications')} data-testid="bell">
              <Badge count={unread.data?.count ?? 0} size="small" data-testid="bell-count">
                <BellOutlined style={{ fontSize: 18 }} />
              </Badge>
            </Link>
            {/* Opened by a click, not by hovering: a touch screen has no hover, and a hover menu closes when the
                pointer crosses the page on its way to an item. */}
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'profile', icon: <UserOutlined />, label: t('个人设置', 'Profile'), onClick: () => navigate('/profile') },
                  {
                    key: 'logout',
                    icon: <LogoutOutlined />,
                    label: t('退出登录', 'Sign out'),
                    onClick: async () => {
                      await logout();
                      navigate('/login');
                    },
                  },
                ],
              }}
            >
              <Button type="text" data-testid="user-menu">
                {me.displayName}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          {/* From 1 October until next year's holiday notice is imported, administrators see it on every page (docs/calendar.md#administration-and-api). */}
          {hasAnyRole(me, ['admin']) && !location.pathname.startsWith('/admin/calendar') && <CalendarBanner />}
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
