// D4 classified in the 8D form (docs/quality-loop.md#root-causes): one of 人/机/料/法/环/测, then a sub-cause of the
// company's controlled list under it (kept by administrators on 原因分类).
import { Col, Form, Row, Select } from 'antd';
import { useI18n } from '../app/i18n';
import { useRootCauses } from './quality-api';

export function RootCauseFields() {
  const { t, lang } = useI18n();
  const list = useRootCauses();
  const form = Form.useFormInstance();
  const category = Form.useWatch('d4Category', form) as string | undefined;
  const causes = (list.data?.items ?? []).filter((c) => c.category === category);
  return (
    <Row gutter={12}>
      <Col span={10}>
        <Form.Item name="d4Category" label={t('D4 原因分类', 'D4 cause category')} style={{ marginBottom: 12 }}>
          <Select
            allowClear
            data-testid="d4-category"
            loading={list.isLoading}
            options={(list.data?.categories ?? []).map((c) => ({ value: c.code, label: lang === 'zh' ? c.zh : `${c.zh} ${c.en}` }))}
            onChange={() => form.setFieldValue('d4CauseId', undefined)}
          />
        </Form.Item>
      </Col>
      <Col span={14}>
        <Form.Item name="d4CauseId" label={t('具体原因', 'Sub-cause')} style={{ marginBottom: 12 }}>
          <Select allowClear data-testid="d4-cause" disabled={!category} options={causes.map((c) => ({ value: c.id, label: c.name }))} notFoundContent={t('该分类下暂无原因，请联系管理员维护', 'No sub-cause yet; ask an administrator')} />
        </Form.Item>
      </Col>
    </Row>
  );
}
