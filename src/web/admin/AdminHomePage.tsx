import { ApartmentOutlined, AuditOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, List, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { client, unwrap } from '../app/api';
import { useI18n } from '../app/i18n';
import { adminKeys, useUnits, useUsers } from './admin-data';
import { formatShanghai } from './admin-utils';
import { actionLabel } from './audit-labels';
import { PageHeader } from './PageHeader';

/** 管理概览: the administration landing — what there is, where to manage it, and the latest changes. */
export function AdminHomePage() {
  const { t, lang } = useI18n();
  const units = useUnits();
  const users = useUsers();
  const recent = useQuery({ queryKey: [...adminKeys.audit, 'recent'], queryFn: () => unwrap(client.GET('/api/audit', { params: { query: { limit: 8 } } })) });
  const active = (users.data ?? []).filter((u) => u.active).length;
  const latest = recent.data?.items[0];

  const tile = (to: string, icon: ReactNode, title: string, value: number | string | undefined, suffix: string, help: string) => (
    <Col xs={24} md={8}>
      <Link to={to}>
        <Card hoverable>
          <Statistic title={title} value={value ?? '—'} suffix={suffix} prefix={icon} loading={value === undefined} />
          <Typography.Text type="secondary">{help}</Typography.Text>
        </Card>
      </Link>
    </Col>
  );

  return (
    <>
      <PageHeader title={t('管理概览', 'Overview')} help={t('管理组织机构、用户与角色，查阅和导出审计日志。', 'Manage units, users and roles; read and export the audit log.')} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {tile('/admin/units', <ApartmentOutlined />, t('组织机构', 'Units'), units.data?.length, t('个单位', 'units'), t('单位树、类型与编码', 'The unit tree, kinds and codes'))}
        {tile('/admin/users', <TeamOutlined />, t('用户管理', 'Users'), users.data ? active : undefined, t(`名启用 / 共 ${users.data?.length ?? 0}`, `active of ${users.data?.length ?? 0}`), t('账号、所属单位与角色授权', 'Accounts, units and role grants'))}
        {tile('/admin/audit', <AuditOutlined />, t('审计日志 · 最近一次变更', 'Audit log · latest change'), latest ? formatShanghai(latest.at).slice(5, 16) : recent.data ? '—' : undefined, '', t('谁在何时改了什么，可导出 Excel', 'Who changed what and when; exportable'))}
      </Row>
      <Card title={t('最近变更', 'Latest changes')} extra={<Link to="/admin/audit">{t('查看全部', 'See all')}</Link>} size="small">
        <List
          loading={recent.isLoading}
          dataSource={recent.data?.items ?? []}
          renderItem={(e) => (
            <List.Item>
              <Typography.Text type="secondary" style={{ width: 170, fontVariantNumeric: 'tabular-nums' }}>
                {formatShanghai(e.at)}
              </Typography.Text>
              <span style={{ flex: 1 }}>
                {e.actorName ?? t('系统', 'System')} · {actionLabel(e.action, lang)}
                {e.note ? ` · ${e.note}` : ''}
              </span>
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
