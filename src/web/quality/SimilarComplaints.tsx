// The similar-complaint warning at intake (docs/quality-loop.md#similar-complaints): while a complaint is typed in,
// open and recent work orders of the same customer, product or batch and those with a close problem text are shown
// (debounced), each with a way to record the call as a repeat on that work order instead of registering it twice.
import { App as AntApp, Alert, Button, Card, List, Modal, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { client, unwrap } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { StatusTag } from '../workorders/components';
import { formatShanghai } from '../workorders/format';
import { useSimilar, type SimilarItem } from './quality-api';

export interface SimilarInput {
  customerName?: string;
  contactName?: string;
  contactPhone?: string;
  productCode?: string;
  batchNumber?: string;
  problem?: string;
}

/** The value after it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms = 400): T {
  const [v, setV] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- compare by content, not identity
  }, [key, ms]);
  return v;
}

const trim = (s?: string) => (s && s.trim() ? s.trim() : undefined);

export function SimilarComplaints({ values }: { values: SimilarInput }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const q = useDebounced({ customerName: trim(values.customerName), productCode: trim(values.productCode), batchNumber: trim(values.batchNumber), problem: trim(values.problem) });
  const similar = useSimilar(q);
  const [linking, setLinking] = useState<SimilarItem | null>(null);
  const [busy, setBusy] = useState(false);
  const items = similar.data?.items ?? [];
  if (!items.length && !similar.error) return null;

  const MATCH: Record<string, [string, string]> = { customer: ['同一客户', 'same customer'], product: ['同一产品', 'same product'], batch: ['同一批号', 'same batch'], text: ['描述相近', 'close text'] };
  const link = async () => {
    if (!linking) return;
    setBusy(true);
    try {
      await unwrap(
        client.POST('/api/workorders/{id}/repeats', {
          params: { path: { id: linking.id } },
          body: { customerName: trim(values.customerName), contactName: trim(values.contactName), contactPhone: trim(values.contactPhone), problem: trim(values.problem) },
        }),
      );
      message.success(t(`已作为重复投诉记入 ${linking.number}`, `Recorded as a repeat on ${linking.number}`));
      navigate(`/workorders/${linking.id}`);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('可能重复的工单', 'Possibly the same complaint')} style={{ marginBottom: 16 }} data-testid="similar-complaints">
      {similar.error && <Alert type="error" title={errorText(similar.error, lang)} />}
      <List
        size="small"
        dataSource={items}
        renderItem={(w) => (
          <List.Item
            data-testid="similar-item"
            actions={[
              <Button key="link" size="small" onClick={() => setLinking(w)} data-testid="link-repeat">
                {t('作为重复投诉关联', 'Link as a repeat')}
              </Button>,
            ]}
          >
            <Space wrap size={6}>
              <Link to={`/workorders/${w.id}`} target="_blank">
                {w.number}
              </Link>
              <StatusTag status={w.status} />
              <Typography.Text>{w.customerName ?? '—'}</Typography.Text>
              <Typography.Text type="secondary">{[w.productCode, w.batchNumber && `${t('批号', 'batch')} ${w.batchNumber}`].filter(Boolean).join(' · ')}</Typography.Text>
              <Typography.Text ellipsis style={{ maxWidth: 320 }}>
                {w.problem}
              </Typography.Text>
              {w.matches.map((m) => (
                <Tag key={m} color={m === 'batch' ? 'red' : m === 'customer' ? 'orange' : 'blue'}>
                  {t(MATCH[m][0], MATCH[m][1])}
                </Tag>
              ))}
              <Typography.Text type="secondary">
                {t('相似度', 'score')} {Math.round(w.score * 100)}% · {formatShanghai(w.receivedAt)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Modal open={!!linking} title={t('作为重复投诉关联', 'Link as a repeat')} onCancel={() => setLinking(null)} onOk={link} confirmLoading={busy} okText={t('关联', 'Link')} cancelText={t('取消', 'Cancel')}>
        {t(
          `不新建工单，将本次来电（客户、联系人、问题描述）记入 ${linking?.number ?? ''} 的处理记录。`,
          `No new work order: this call (customer, contact, problem) is recorded on ${linking?.number ?? ''}.`,
        )}
      </Modal>
    </Card>
  );
}
