// The verification facts the approver of an 8D records (事故扣分标准 cl. 2; docs/quality-loop.md): the
// quality-accidents pack may then propose a quality accident for the QA manager to confirm. The number of end users
// of the same batch is counted by the server from other work orders, never typed.
import { useQuery } from '@tanstack/react-query';
import { Alert, Checkbox, Form, InputNumber, Select, Space } from 'antd';
import { client, unwrap } from '../app/api';
import { useI18n } from '../app/i18n';

export function VerificationFields({ batchNumber, productCode }: { batchNumber: string | null; productCode: string | null }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const verify = Form.useWatch('verify', form) === true;
  const people = useQuery({ queryKey: ['accountability', 'people', ''], queryFn: () => unwrap(client.GET('/api/accountability/people')), enabled: verify, staleTime: 60_000 });
  const flag = (name: string, zh: string, en: string) => (
    <Form.Item name={name} valuePropName="checked" style={{ marginBottom: 4 }}>
      <Checkbox data-testid={`verify-${name}`}>{t(zh, en)}</Checkbox>
    </Form.Item>
  );
  return (
    <>
      <Form.Item name="verify" valuePropName="checked" style={{ marginBottom: 8 }}>
        <Checkbox data-testid="verify">{t('记录质量验证结果（可能认定质量事故）', 'Record the verification (may propose a quality accident)')}</Checkbox>
      </Form.Item>
      {verify && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="verification">
          {flag('verifiedPoorPerformance', '经验证投诉产品操作性能差', 'Verified: the product performs poorly')}
          {flag('outOfInternalSpec', '产品指标不在内控标准范围内', 'Out of the internal specification')}
          {flag('foreignMatterFromProduction', '内部异物可判定为生产流程进入', 'Foreign matter introduced in production')}
          {flag('shortWeight', '斤称短缺', 'Short weight')}
          <Form.Item name="packagingFaultSameBatchUsers" label={t('同批次包装袋质量问题导致烂袋的投诉用户数', 'Users complaining of broken bags from one packaging batch')} style={{ marginBottom: 8 }}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name="responsibleUserId" label={t('直接责任人（可由品保经理认定时指定）', 'Directly responsible (or named by the QA manager)')} style={{ marginBottom: 8 }}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              data-testid="verify-responsible"
              loading={people.isLoading}
              options={(people.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.unitName}）` }))}
            />
          </Form.Item>
          <Alert
            type="info"
            showIcon
            title={
              productCode && batchNumber
                ? t(`同批次（${productCode} / 批号 ${batchNumber}）类似问题的终端用户数由系统统计。`, `End users of the same batch (${productCode} / ${batchNumber}) are counted by the system.`)
                : t('工单未填批号：同批次终端用户数按 1 计。', 'No batch number: end users of the same batch count as 1.')
            }
          />
        </Space>
      )}
    </>
  );
}
