import { Alert, App as AntApp, Checkbox, Col, Form, Input, Modal, Row, Select, Tag, Tooltip, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useRef, useState } from 'react';
import { PLACEHOLDERS, parseTemplate, renderTemplate, type PlaceholderValues } from '../../core/knowledge/placeholders';
import { ApiError, client, unwrap, type ApiBody } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { applyFieldErrors } from '../admin/admin-data';
import { UnitSelect } from '../admin/UnitSelect';
import { CATEGORIES, KINDS } from '../workorders/labels';
import { newIdempotencyKey } from '../workorders/hooks';
import { RenderedText } from './KnowledgePicker';
import { USE_LABELS, type KnowledgeEntry, type KnowledgeUse } from './knowledge-api';

// Adding or editing a 话术库 entry (docs/knowledge.md "Administration"): the placeholders are offered as buttons
// and previewed with a sample work order; the server checks them again (422 on 正文 for an unknown one) and
// refuses an edit of a version someone else has saved meanwhile (409), which reloads the entry.

interface Values {
  unitId?: string;
  title: string;
  kinds: string[];
  category?: string | null;
  uses: KnowledgeUse[];
  keywords?: string;
  body: string;
}

type Body = ApiBody<'/api/knowledge/entries'>;

const FIELDS = ['unitId', 'title', 'kinds', 'category', 'uses', 'keywords', 'body'] as const;

/** What the preview fills the placeholders with: a plausible case of the demo company. */
const SAMPLE: PlaceholderValues = {
  customer: '上海联合汽配有限公司',
  contact: '王经理',
  trackingNumber: 'TS20260302K7M2Q9XRTB',
  number: 'KS-20260302-0001',
  company: '华锐精密机械有限公司',
  product: 'M8×25 外六角螺栓',
  problem: '螺纹牙纹不良，通规不过',
  receivedDate: '2026-03-02',
  replyDue: '2026-03-05 18:00',
  callbackDue: '2026-03-08 18:00',
  agent: '坐席 王芳',
  portalUrl: `${window.location.origin}/portal`,
};

export function EntryEditor({ entry, onClose, onSaved }: { entry: KnowledgeEntry | null; onClose: () => void; onSaved: (reloaded?: boolean) => Promise<unknown> }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [key] = useState(newIdempotencyKey);
  const bodyRef = useRef<TextAreaRef>(null);
  const body = Form.useWatch('body', form) ?? '';
  const kinds = Form.useWatch('kinds', form) ?? [];
  const preview = renderTemplate(body, SAMPLE);
  const problems = parseTemplate(body).problems;
  const label = (l: { zh: string; en: string }) => (lang === 'zh' ? l.zh : l.en);

  /** Puts `{name}` where the cursor is in the text (or at its end). */
  const insert = (token: string) => {
    const el = bodyRef.current?.resizableTextArea?.textArea;
    const at = el ? el.selectionStart : body.length;
    const end = el ? el.selectionEnd : body.length;
    form.setFieldValue('body', `${body.slice(0, at)}${token}${body.slice(end)}`);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setProblem(null);
    const fields = { title: v.title.trim(), body: v.body.trim(), kinds: (v.kinds ?? []) as Body['kinds'], category: (v.category ?? null) as Body['category'], uses: v.uses, keywords: (v.keywords ?? '').trim() };
    try {
      if (entry) {
        await unwrap(client.PATCH('/api/knowledge/entries/{id}', { params: { path: { id: entry.id } }, body: { version: entry.version, ...fields } }));
        message.success(t('已保存', 'Saved'));
      } else {
        await unwrap(client.POST('/api/knowledge/entries', { params: { header: { 'idempotency-key': key } }, body: { unitId: v.unitId, ...fields } }));
        message.success(t('已添加', 'Added'));
      }
      await onSaved();
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') {
        await onSaved(true);
        setProblem(t('该条目刚被他人修改，已重新加载列表。请关闭后重新打开、核对再保存。', 'Someone else changed this entry; the list has been reloaded. Close, reopen and check it before saving again.'));
      } else {
        const unplaced = applyFieldErrors(form, e, FIELDS, lang);
        setProblem(unplaced && unplaced.length === 0 ? t('请修改标红的字段', 'Correct the fields marked in red') : errorText(e, lang));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={entry ? t(`编辑话术 · ${entry.title}`, `Edit · ${entry.title}`) : t('新建话术', 'New entry')}
      onCancel={onClose}
      onOk={save}
      okText={t('保存', 'Save')}
      cancelText={t('取消', 'Cancel')}
      confirmLoading={busy}
      width={760}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="entry-problem" />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={entry ? { title: entry.title, kinds: entry.kinds, category: entry.category, uses: entry.uses, keywords: entry.keywords, body: entry.body } : { kinds: [], uses: ['reply'], category: null }}
      >
        <Row gutter={16}>
          {!entry && (
            <Col xs={24} md={10}>
              <Form.Item name="unitId" label={t('所属单位（适用于其下所有部门）', 'Unit (serves everything below it)')} extra={t('不选则为您所在单位', 'Your own unit when left empty')}>
                <UnitSelect />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={entry ? 24 : 14}>
            <Form.Item name="title" label={t('标题', 'Title')} rules={[{ required: true, whitespace: true, message: t('请填写标题', 'Give a title') }]}>
              <Input maxLength={100} placeholder={t('如：咨询：如何查询处理进度', 'e.g. Inquiry: how to follow a case')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="kinds" label={t('适用工单类型', 'For work-order kinds')} extra={t('不选则适用于全部类型', 'Every kind when left empty')}>
              <Select mode="multiple" allowClear options={Object.entries(KINDS).map(([value, l]) => ({ value, label: label(l) }))} placeholder={t('全部类型', 'Every kind')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="category" label={t('投诉类别', 'Complaint category')}>
              <Select
                allowClear
                disabled={kinds.length > 0 && !kinds.includes('complaint')}
                options={Object.entries(CATEGORIES).map(([value, l]) => ({ value, label: label(l) }))}
                placeholder={t('不限', 'Any')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="uses" label={t('用于', 'Used in')} rules={[{ required: true, type: 'array', min: 1, message: t('请至少选一种用途', 'Choose at least one') }]}>
              <Checkbox.Group options={(Object.keys(USE_LABELS) as KnowledgeUse[]).map((u) => ({ value: u, label: label(USE_LABELS[u]) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="keywords" label={t('关键词（便于搜索，空格分隔）', 'Keywords (for the search, space-separated)')}>
          <Input maxLength={200} placeholder={t('如：扭矩 力矩 拧紧', 'e.g. torque tightening')} />
        </Form.Item>
        <div style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('插入占位符：', 'Insert a placeholder: ')}</Typography.Text>
          {PLACEHOLDERS.map((p) => (
            <Tooltip key={p.key} title={label(p.about)}>
              <Tag style={{ cursor: 'pointer', marginBottom: 4 }} onClick={() => insert(`{${p.zh}}`)} data-testid={`placeholder-${p.key}`}>
                {`{${p.zh}}`}
              </Tag>
            </Tooltip>
          ))}
        </div>
        <Form.Item
          name="body"
          label={t('正文', 'Text')}
          extra={t('占位符写作 {客户} 这样的花括号名称，使用时自动填写；花括号本身请写成 {{ 和 }}。', 'Placeholders are names in braces such as {客户}, filled in when used; write {{ and }} for a brace itself.')}
          rules={[{ required: true, whitespace: true, message: t('请填写正文', 'Write the text') }]}
        >
          <Input.TextArea ref={bodyRef} rows={5} maxLength={2000} />
        </Form.Item>
        <Typography.Text type="secondary">{t('预览（示例工单）：', 'Preview (a sample work order):')}</Typography.Text>
        <div data-testid="entry-preview" style={{ padding: 8, marginTop: 4, border: '1px dashed #d9d9d9', borderRadius: 6, whiteSpace: 'pre-wrap', minHeight: 40 }}>
          <RenderedText parts={preview.parts} />
        </div>
        {form.getFieldError('body').length === 0 &&
          problems.map((p) => (
            <Typography.Text key={p.at} type="danger" style={{ display: 'block', marginTop: 4 }} data-testid="entry-template-problem">
              {label(p)}
            </Typography.Text>
          ))}
      </Form>
    </Modal>
  );
}
