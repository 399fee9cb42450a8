import { Alert, App, Button, Card, Flex, Input, List, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiError } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { useRulePacks, useUploadVersion, type PackView } from './rules-api';

export function VersionsView({ pack, isAdmin, onVersion }: { pack: PackView; isAdmin: boolean; onVersion(v?: number): void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const packs = useRulePacks();
  const upload = useUploadVersion(pack.id);
  const [yaml, setYaml] = useState(pack.yaml);
  // The version this edit starts from: if someone saves another version meanwhile, the server answers 409.
  const [baseVersion] = useState(pack.latestVersion);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const versions = packs.data?.find((p) => p.id === pack.id)?.versions ?? [];
  const submit = () => {
    setErrors([]);
    upload.mutate(
      { yaml, note: note || undefined, baseVersion },
      {
        onSuccess: (p) => {
          message.success(t(`已保存为版本 ${p.version}`, `Saved as version ${p.version}`));
          onVersion(undefined);
        },
        onError: (e) => setErrors(e instanceof ApiError && e.errors.length ? e.errors : [{ field: '', message: errorText(e, lang) }]),
      },
    );
  };
  return (
    <>
      <Table
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={[...versions].reverse()}
        onRow={(v) => ({ onClick: () => onVersion(v.version === pack.latestVersion ? undefined : v.version), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('版本', 'Version'), dataIndex: 'version', width: 70, render: (v: number) => (v === pack.version ? <Tag color="blue">{v}</Tag> : v) },
          { title: t('时间', 'When'), dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: t('上传人', 'By'), render: (_, v) => (v.shipped ? <Tag>{t('内置', 'shipped')}</Tag> : v.createdBy) },
          { title: t('说明', 'Note'), dataIndex: 'note' },
        ]}
      />
      {isAdmin && (
        <Card size="small" title={t('上传新版本', 'Upload a new version')} style={{ marginTop: 16 }} data-testid="upload-version">
          <Typography.Paragraph type="secondary">
            {t('编辑 YAML 后保存为新版本；旧版本保留，已有的判定记录仍指向其所用版本。格式见 docs/rules.md。', 'Edit the YAML and save it as a new version; old versions stay, and past evaluations keep naming the version they used. Format: docs/rules.md.')}
          </Typography.Paragraph>
          <Input.TextArea value={yaml} onChange={(e) => setYaml(e.target.value)} rows={16} style={{ fontFamily: 'monospace', fontSize: 12 }} aria-label="YAML" spellCheck={false} />
          <Flex gap={8} style={{ marginTop: 8 }}>
            <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('版本说明', 'Version note')} maxLength={500} />
            <Button type="primary" onClick={submit} loading={upload.isPending}>
              {t('校验并保存', 'Validate and save')}
            </Button>
          </Flex>
          {errors.length > 0 && (
            <Alert
              type="error"
              style={{ marginTop: 12 }}
              title={t('未保存：请修正以下错误', 'Not saved: fix these errors')}
              data-testid="upload-errors"
              description={
                <List
                  size="small"
                  dataSource={errors}
                  renderItem={(e) => (
                    <List.Item style={{ padding: '2px 0' }}>
                      {e.field && <Typography.Text code>{e.field}</Typography.Text>} {e.message}
                    </List.Item>
                  )}
                />
              }
            />
          )}
        </Card>
      )}
    </>
  );
}
