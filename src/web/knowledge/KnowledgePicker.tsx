import { BookOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Form, Input, List, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { PLACEHOLDERS, parseTemplate, renderTemplate, type PlaceholderKey, type PlaceholderValues, type RenderedPart } from '../../core/knowledge/placeholders';
import { errorText, useI18n } from '../app/i18n';
import { useKnowledgeEntries, type KnowledgeEntry, type KnowledgeQuery, type KnowledgeUse } from './knowledge-api';

// The 话术库 picker of the reply, callback and SMS dialogs and of the intake form (docs/knowledge.md "Using an
// entry"): a search box, the entries for this kind and use (most used first), and a preview with the work order's
// facts filled in. Placeholders without a value stay visible and are named, so nothing half-filled goes out unseen.

const NAME_OF = new Map<PlaceholderKey, string>(PLACEHOLDERS.map((p) => [p.key, p.zh]));

/** Rendered text with filled values marked and missing placeholders in red (the preview). */
export function RenderedText({ parts }: { parts: RenderedPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.missing ? (
          <Typography.Text key={i} type="danger" strong>
            {p.text}
          </Typography.Text>
        ) : p.key ? (
          <mark key={i} style={{ background: '#e6f4ff', padding: '0 2px' }}>
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

/** An entry's text as written, its placeholders marked (the 话术库 page). */
export function TemplateText({ text }: { text: string }) {
  const { parts, problems } = parseTemplate(text);
  if (problems.length) return <span>{text}</span>;
  return (
    <>
      {parts.map((p, i) =>
        'key' in p ? (
          <mark key={i} style={{ background: '#f0f5ff', color: '#1d39c4', padding: '0 2px' }}>
            {`{${p.written}}`}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

export interface KnowledgePickerProps {
  use: KnowledgeUse;
  /** The work order's kind: entries for it or for every kind. */
  kind?: string;
  /** A complaint's category: entries for it or for any. */
  category?: string | null;
  values: PlaceholderValues;
  /** The chosen entry and its text with the placeholders filled in. */
  onPick(entry: KnowledgeEntry, text: string): void;
  /** The entry in use now, if any; `onClear` stops using it. */
  picked?: string | null;
  onClear?(): void;
  /** What the button says: 使用此条 (fill the text in) or 按此话术 (a script read aloud). */
  action?: { zh: string; en: string };
}

export function KnowledgePicker({ use, kind, category, values, onPick, picked, onClear, action }: KnowledgePickerProps) {
  const { t, lang } = useI18n();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  // The search runs once typing pauses, not on every keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const entries = useKnowledgeEntries({ use, kind: kind as KnowledgeQuery['kind'], category: kind === 'complaint' && category ? (category as KnowledgeQuery['category']) : undefined, q: q || undefined });
  const items = useMemo(() => entries.data?.items ?? [], [entries.data]);
  const entry = items.find((e) => e.id === selected) ?? null;
  const rendered = entry ? renderTemplate(entry.body, values) : null;
  const pickedEntry = picked ? items.find((e) => e.id === picked) : undefined;

  return (
    <div data-testid="knowledge-picker" style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 12, marginBottom: 16, background: '#fafafa' }}>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>
          <BookOutlined /> {t('话术库', 'Scripts and answers')}
        </Typography.Text>
        {picked && (
          <Tag color="green" data-testid="knowledge-picked">
            {t('已选用', 'In use')}：{pickedEntry?.title ?? t('所选条目', 'the chosen entry')}{' '}
            {onClear && (
              <Typography.Link onClick={onClear} style={{ fontSize: 12 }}>
                {t('不再使用', 'Stop using')}
              </Typography.Link>
            )}
          </Tag>
        )}
      </Flex>
      <Input.Search
        allowClear
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onSearch={(v) => setQ(v.trim())}
        placeholder={t('搜索话术，如：扭矩、进度、回访', 'Search, e.g. torque, progress, callback')}
        aria-label={t('搜索话术', 'Search the scripts')}
        loading={entries.isFetching}
        data-testid="knowledge-search"
      />
      {entries.error ? (
        <Alert type="error" showIcon title={errorText(entries.error, lang)} style={{ marginTop: 8 }} />
      ) : (
        <List
          size="small"
          style={{ maxHeight: 168, overflowY: 'auto', marginTop: 8, background: '#fff' }}
          bordered
          loading={entries.isLoading}
          dataSource={items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('没有匹配的话术', 'Nothing matches')} /> }}
          renderItem={(e) => (
            <List.Item
              onClick={() => setSelected(e.id)}
              style={{ cursor: 'pointer', background: e.id === selected ? '#e6f4ff' : undefined }}
              data-testid="knowledge-item"
              aria-selected={e.id === selected}
            >
              <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                <span>{e.title}</span>
                <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                  {t(`用过 ${e.useCount} 次`, `used ${e.useCount}×`)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {entry && rendered && (
        <div data-testid="knowledge-preview" style={{ marginTop: 8, padding: 8, background: '#fff', border: '1px dashed #d9d9d9', borderRadius: 6 }}>
          <Typography.Paragraph style={{ marginBottom: 8, whiteSpace: 'pre-wrap' }}>
            <RenderedText parts={rendered.parts} />
          </Typography.Paragraph>
          {rendered.missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              data-testid="knowledge-missing"
              title={t(
                `以下占位符无法自动填写，使用后请手工补全：${rendered.missing.map((k) => `{${NAME_OF.get(k)}}`).join('、')}`,
                `No value for ${rendered.missing.map((k) => `{${NAME_OF.get(k)}}`).join(', ')}: complete it by hand after using the entry`,
              )}
            />
          )}
          <Button size="small" type="primary" onClick={() => onPick(entry, rendered.text)} data-testid="knowledge-use">
            {action ? t(action.zh, action.en) : t('使用此条', 'Use this')}
          </Button>
        </div>
      )}
    </div>
  );
}

/**
 * The picker inside an antd Form: picking fills `target` (the message, the answer) with the rendered text and sets
 * the hidden `knowledgeEntryId` the request carries, so the server counts the use with the step itself. Without a
 * target (the callback) the script is shown to be read out and only the entry is recorded.
 */
export function KnowledgeFormField({ target, onPicked, ...props }: Omit<KnowledgePickerProps, 'onPick' | 'picked' | 'onClear'> & { target?: string; onPicked?(text: string): void }) {
  const form = Form.useFormInstance();
  const picked = Form.useWatch('knowledgeEntryId', form) as string | undefined;
  const [script, setScript] = useState<string | null>(null);
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="knowledgeEntryId" hidden>
        <Input />
      </Form.Item>
      <KnowledgePicker
        {...props}
        picked={picked}
        action={target ? undefined : { zh: '按此话术', en: 'Use this script' }}
        onClear={() => {
          form.setFieldValue('knowledgeEntryId', undefined);
          setScript(null);
        }}
        onPick={(entry, text) => {
          form.setFieldValue('knowledgeEntryId', entry.id);
          if (target) form.setFields([{ name: target, value: text, errors: [] }]);
          else setScript(text);
          onPicked?.(text);
        }}
      />
      {!target && script && picked && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="knowledge-script" title={t('请按以下话术与客户沟通', 'Read this to the customer')} description={<span style={{ whiteSpace: 'pre-wrap' }}>{script}</span>} />
      )}
    </>
  );
}
