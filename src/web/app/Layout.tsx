import { BellOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Dropdown, Layout, Menu, Segmented, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { CalendarBanner } from '../calendar/CalendarAdminPage';
import { api } from './api';
import { hasAnyRole, useLogout, type Me } from './auth';
import { useI18n } from './i18n';
import { appRoutes, NAV_GROUPS, type NavGroup } from './routes';

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => api.get<{ count: number }>('/api/notifications/unread-count'),
    refetchInterval: 30_000,
  });

  const visible = appRoutes.filter((r) => r.nav && hasAnyRole(me, r.roles));
  const groups = (Object.keys(NAV_GROUPS) as NavGroup[])
    .map((g) => ({
      key: g,
      type: 'group' as const,
      label: lang === 'zh' ? NAV_GROUPS[g].zh : NAV_GROUPS[g].en,
      children: visible
        .filter((r) => (r.nav!.group ?? 'desk') === g)
        .sort((a, b) => (a.nav!.order ?? 0) - (b.nav!.order ?? 0))
        .map((r) => ({ key: r.path, label: <Link to={r.path}>{lang === 'zh' ? r.nav!.zh : r.nav!.en}</Link> })),
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
        <Menu mode="inline" selectedKeys={[selected]} items={groups} data-testid="nav" />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', borderBottom: '1px solid #f0f0f0' }}>
          <Space size="large">
            <Segmented size="small" value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ label: '中文', value: 'zh' }, { label: 'EN', value: 'en' }]} />
            <Link to="/notifications" aria-label={t('通知', 'Notifications')}>
              <Badge count={unread.data?.count ?? 0} size="small">
                <BellOutlined style={{ fontSize: 18 }} />
              </Badge>
            </Link>
            <Dropdown
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
          {/* From 1 October until next year's holiday notice is imported, administrators see it on every page (issue 3). */}
          {hasAnyRole(me, ['admin']) && !location.pathname.startsWith('/admin/calendar') && <CalendarBanner />}
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
