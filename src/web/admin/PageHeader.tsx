import { Breadcrumb, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../app/i18n';

/** The administration console's page heading: breadcrumb, title, one line of help and a toolbar on the right. */
export function PageHeader({ title, help, extra }: { title: string; help?: ReactNode; extra?: ReactNode }) {
  const t = useT();
  return (
    <div style={{ marginBottom: 16 }}>
      <Breadcrumb items={[{ title: <Link to="/admin">{t('系统管理', 'Administration')}</Link> }, { title }]} style={{ marginBottom: 8 }} />
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {help && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
              {help}
            </Typography.Text>
          )}
        </div>
        {extra && (
          <Flex gap={8} wrap align="center">
            {extra}
          </Flex>
        )}
      </Flex>
    </div>
  );
}
