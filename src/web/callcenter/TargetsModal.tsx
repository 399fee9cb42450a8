import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, InputNumber, Modal, Table } from 'antd';
import { useEffect, useState } from 'react';
import { errorText, useI18n } from '../app/i18n';
import { putTargets, targets, type Targets } from './callcenter-api';

type Row = Targets['targets'][number];

/** The supervisor's monthly targets per agent (呼叫中心岗位职责 cl. 1.1 (2) 绩效管理; docs/callcenter.md#figures). Rates are typed in percent. */
export function TargetsModal({ open, month, onClose }: { open: boolean; month: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['callcenter', 'targets', month], queryFn: () => targets(month), enabled: open });
  const [rows, setRows] = useState<Row[]>([]);
  useEffect(() => setRows(q.data?.targets ?? []), [q.data]);
  const save = useMutation({
    mutationFn: () => putTargets({ month, targets: rows.map(({ userId, handled, onTimeRate, satisfaction }) => ({ userId, handled, onTimeRate, satisfaction })) }),
    onSuccess: async () => {
      message.success(t('目标已保存', 'Targets saved'));
      await qc.invalidateQueries({ queryKey: ['callcenter'] });
      onClose();
    },
    onError: (e) => message.error(errorText(e, lang)),
  });
  const set = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  return (
    <Modal open={open} width={720} title={t(`${month} 月度目标`, `Targets for ${month}`)} okText={t('保存', 'Save')} cancelText={t('取消', 'Cancel')} onOk={() => save.mutate()} confirmLoading={save.isPending} onCancel={onClose}>
      <Table<Row>
        rowKey="userId"
        size="small"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('坐席', 'Agent'), dataIndex: 'name' },
          { title: t('受理量', 'Handled'), render: (_, r, i) => <InputNumber aria-label={t(`${r.name} 受理量目标`, `${r.name} handled target`)} min={0} max={1000000} precision={0} value={r.handled} onChange={(v) => set(i, { handled: v })} /> },
          { title: t('按时率 %', 'On time %'), render: (_, r, i) => <InputNumber aria-label={t(`${r.name} 按时率目标`, `${r.name} on-time target`)} min={0} max={100} value={percent(r.onTimeRate)} onChange={(v) => set(i, { onTimeRate: v === null ? null : v / 100 })} /> },
          { title: t('满意率 %', 'Satisfaction %'), render: (_, r, i) => <InputNumber aria-label={t(`${r.name} 满意率目标`, `${r.name} satisfaction target`)} min={0} max={100} value={percent(r.satisfaction)} onChange={(v) => set(i, { satisfaction: v === null ? null : v / 100 })} /> },
        ]}
      />
    </Modal>
  );
}
