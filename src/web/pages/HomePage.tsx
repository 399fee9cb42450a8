import { Card, Col, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { hasAnyRole, useMe } from '../app/auth';
import { useI18n } from '../app/i18n';
import { appRoutes } from '../app/routes';

/** A start page listing what this user can do, following their roles. */
export function HomePage() {
  const { t, lang } = useI18n();
  const me = useMe().data;
  const pages = appRoutes.filter((r) => r.nav && hasAnyRole(me, r.roles));
  return (
    <>
      <Typography.Title level={3}>
        {t('欢迎', 'Welcome')}，{me?.displayName}
      </Typography.Title>
      <Typography.Paragraph>
        {me?.roles.map((r) => (
          <Tag key={`${r.role}-${r.unitId}`} color="blue">
            {lang === 'zh' ? r.label : r.labelEn}
          </Tag>
        ))}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {pages.map((p) => (
          <Col key={p.path} xs={24} sm={12} md={8} lg={6}>
            <Link to={p.path}>
              <Card hoverable size="small">
                {lang === 'zh' ? p.nav!.zh : p.nav!.en}
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
