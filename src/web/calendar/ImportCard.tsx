import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, List, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { useCalendarYears, useImportYear, type YearImportResult } from './calendar-api';
import { noticeYear, parseNoticeText } from './calendar-utils';

/** Import a year's notice: paste or upload the JSON; errors and warnings are listed with their paths. */
export function ImportCard() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const years = useCalendarYears();
  const importYear = useImportYear();
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [warnings, setWarnings] = useState<{ path: string; message: string }[]>([]);
  const submit = () => {
    setErrors([]);
    setWarnings([]);
    const parsed = parseNoticeText(text);
    if (!parsed.ok) {
      setErrors([{ path: 'JSON', message: parsed.message }]);
      return;
    }
    const y = noticeYear(parsed.value);
    const existing = years.data?.find((x) => x.year === y && x.origin === 'database');
    importYear.mutate(
      { notice: parsed.value, version: existing?.version ?? undefined },
      {
        onSuccess: (r: YearImportResult) => {
          setWarnings(r.warnings);
          message.success(t(`已导入 ${r.year.year} 年`, `Imported ${r.year.year}`));
        },
        onError: (e) => {
          if (e instanceof ApiError) {
            setErrors(e.errors.map((x) => ({ path: x.field, message: x.message })));
            const w = (e.details.warnings as { path: string; message: string }[] | undefined) ?? [];
            setWarnings(w);
            if (!e.errors.length) setErrors([{ path: '', message: errorText(e, lang) }]);
          } else setErrors([{ path: '', message: errorText(e, lang) }]);
        },
      },
    );
  };
  return (
    <Card title={t('导入年度节假日安排', 'Import a year’s holiday schedule')} style={{ marginBottom: 16 }} data-testid="calendar-import">
      <Typography.Paragraph type="secondary">
        {t(
          '按国务院办公厅通知整理的 JSON 文件（年份、来源、节假日、调休上班日，格式见输入框中的示例）。导入后替换该年的内置数据，并重新计算未到期的期限。',
          'JSON made from the State Council notice (year, source, holidays, workdays). It replaces the built-in data of that year and open deadlines are recomputed.',
        )}
      </Typography.Paragraph>
      <Input.TextArea
        rows={8}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder='{"year": 2027, "source": {"title": "…", "docNo": "…"}, "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"}], "workdays": []}'
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        aria-label={t('通知 JSON', 'Notice JSON')}
      />
      <Flex gap={8} style={{ marginTop: 8 }}>
        <Upload
          accept=".json,application/json"
          showUploadList={false}
          beforeUpload={async (file) => {
            setText(await file.text());
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('选择文件', 'Choose file')}</Button>
        </Upload>
        <Button type="primary" onClick={submit} loading={importYear.isPending} disabled={!text.trim()}>
          {t('校验并导入', 'Validate and import')}
        </Button>
      </Flex>
      {errors.length > 0 && (
        <Alert
          type="error"
          style={{ marginTop: 12 }}
          title={t('未导入：请修正以下错误', 'Not imported: fix these errors')}
          description={<IssueList items={errors} />}
          data-testid="import-errors"
        />
      )}
      {warnings.length > 0 && (
        <Alert type="warning" style={{ marginTop: 12 }} title={t('提示', 'Warnings')} description={<IssueList items={warnings} />} data-testid="import-warnings" />
      )}
    </Card>
  );
}

function IssueList({ items }: { items: { path: string; message: string }[] }) {
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(i) => (
        <List.Item style={{ padding: '2px 0' }}>
          {i.path && <Typography.Text code>{i.path}</Typography.Text>} {i.message}
        </List.Item>
      )}
    />
  );
}

export function YearsCard() {
  const { t } = useI18n();
  const years = useCalendarYears();
  return (
    <Card title={t('已有年度', 'Years on file')} style={{ marginBottom: 16 }}>
      <Table
        size="small"
        rowKey="year"
        loading={years.isLoading}
        pagination={false}
        dataSource={[...(years.data ?? [])].reverse()}
        columns={[
          { title: t('年度', 'Year'), dataIndex: 'year', width: 70 },
          {
            title: t('来源', 'Source'),
            render: (_, y) => (
              <>
                {y.source.docNo}
                {y.importedFrom && <span translate="no"> ({y.importedFrom})</span>}
              </>
            ),
          },
          {
            title: t('状态', 'Origin'),
            width: 120,
            render: (_, y) => (y.origin === 'shipped' ? <Tag>{t('内置', 'shipped')}</Tag> : <Tag color="blue">{t(`已导入 v${y.version}`, `imported v${y.version}`)}</Tag>),
          },
        ]}
      />
    </Card>
  );
}
