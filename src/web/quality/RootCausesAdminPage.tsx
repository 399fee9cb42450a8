// The company's controlled list of D4 sub-causes under 人/机/料/法/环/测 (docs/quality-loop.md#root-causes), kept by
// administrators: add, rename, retire (a retired cause stays on the reports that used it).
import { Alert, App as AntApp, Button, Card, Flex, Input, Select, Switch, Table, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { client, unwrap } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { useRootCauses } from './quality-api';

export function RootCausesAdminPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const list = useRootCauses(true);
  const [category, setCategory] = useState<string>('man');
  const [name, setName] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: ['quality', 'root-causes'] });
  const run = async (f: () => Promise<unknown>, ok: string) => {
    try {
      await f();
      message.success(ok);
      await refresh();
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };
  const cats = list.data?.categories ?? [];
  const catLabel = (c: string) => cats.find((x) => x.code === c)?.zh ?? c;
  return (
    <Card title={t('8D 原因分类', '8D root-cause list')}>
      {list.error && <Alert type="error" title={errorText(list.error, lang)} />}
      <Typography.Paragraph type="secondary">
        {t('分类固定为人、机、料、法、环、测；各分类下的具体原因由本公司管理员维护，供 8D 的 D4 选择并用于柏拉图分析。', 'The categories are fixed (man, machine, material, method, environment, measurement); the sub-causes under them are the company’s, chosen in the 8D’s D4 and counted in the Pareto.')}
      </Typography.Paragraph>
      <Flex gap={8} style={{ marginBottom: 16 }}>
        <Select value={category} onChange={setCategory} style={{ width: 120 }} options={cats.map((c) => ({ value: c.code, label: `${c.zh} ${c.en}` }))} />
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('具体原因，如 搓丝板磨损', 'Sub-cause, e.g. worn thread-rolling die')} style={{ width: 280 }} data-testid="root-cause-name" />
        <Button
          type="primary"
          disabled={!name.trim()}
          data-testid="root-cause-add"
          onClick={() =>
            run(async () => {
              await unwrap(client.POST('/api/workorders/root-causes', { body: { category: category as 'man', name: name.trim() } }));
              setName('');
            }, t('已添加', 'Added'))
          }
        >
          {t('添加', 'Add')}
        </Button>
      </Flex>
      <Table
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('分类', 'Category'), dataIndex: 'category', render: (c: string) => catLabel(c) },
          {
            title: t('具体原因', 'Sub-cause'),
            dataIndex: 'name',
            render: (v: string, r) => (
              <Typography.Text
                editable={{
                  onChange: (nv) => nv.trim() && nv.trim() !== v && run(() => unwrap(client.PATCH('/api/workorders/root-causes/{id}', { params: { path: { id: r.id } }, body: { version: r.version, name: nv.trim() } })), t('已修改', 'Renamed')),
                }}
              >
                {v}
              </Typography.Text>
            ),
          },
          {
            title: t('启用', 'Active'),
            dataIndex: 'active',
            render: (v: boolean, r) => (
              <Switch checked={v} onChange={(on) => run(() => unwrap(client.PATCH('/api/workorders/root-causes/{id}', { params: { path: { id: r.id } }, body: { version: r.version, active: on } })), on ? t('已启用', 'Activated') : t('已停用', 'Retired'))} />
            ),
          },
        ]}
      />
    </Card>
  );
}
