import { FileExcelOutlined, FileOutlined, FilePdfOutlined, FileWordOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Empty, Flex, Image, List, Space, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { apiHref, uploadFile } from '../../app/api';
import { errorText, useI18n } from '../../app/i18n';
import { formatShanghai } from '../format';
import { label, STATUSES } from '../labels';
import type { WorkOrderView } from '../types';

// Attachments on the work-order detail page, at intake and in the 8D form (docs/workorders.md "Attachments"). The
// server decides the type from the bytes and bounds size and count; the picker's `accept` only narrows the dialog.

export type Attachment = WorkOrderView['attachments'][number];

/** What the file dialog offers; the server checks the content again (jpeg, png, webp, gif, pdf, xlsx, docx). */
export const ATTACHMENT_ACCEPT = '.jpg,.jpeg,.png,.webp,.gif,.pdf,.xlsx,.docx,image/jpeg,image/png,image/webp,image/gif,application/pdf';

export const attachmentUrl = (woId: string, attachmentId: string) => apiHref('/api/workorders/{id}/attachments/{attachmentId}', { path: { id: woId, attachmentId } });

export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function FileIcon({ type }: { type: string }) {
  if (type === 'application/pdf') return <FilePdfOutlined style={{ color: '#cf1322' }} />;
  if (type.includes('spreadsheet')) return <FileExcelOutlined style={{ color: '#389e0d' }} />;
  if (type.includes('wordprocessing')) return <FileWordOutlined style={{ color: '#1d39c4' }} />;
  return <FileOutlined />;
}

/** Images as thumbnails (click to enlarge), other files as a list of downloads. */
export function AttachmentList({ woId, items, only8d = false }: { woId: string; items: Attachment[]; only8d?: boolean }) {
  const { t, lang } = useI18n();
  const shown = only8d ? items.filter((a) => a.report8d) : items;
  if (!shown.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无附件：可上传现场照片、检验报告等', 'No files yet: add photos of the defect, inspection reports …')} />;
  const images = shown.filter((a) => a.image);
  const files = shown.filter((a) => !a.image);
  const who = (a: Attachment) => (a.source === 'portal' ? t('客户上传', 'from the customer') : (a.uploadedBy ?? ''));
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Flex wrap gap={12} data-testid="attachment-thumbnails">
            {images.map((a) => (
              <figure key={a.id} style={{ margin: 0, width: 120 }} data-testid="attachment-thumb">
                <Image src={attachmentUrl(woId, a.id)} alt={a.name} width={120} height={90} style={{ objectFit: 'cover', borderRadius: 6, border: '1px solid #f0f0f0' }} />
                <figcaption style={{ fontSize: 12, color: '#8c8c8c', lineHeight: 1.4, marginTop: 4, overflowWrap: 'anywhere' }}>
                  {a.name}
                  <br />
                  {who(a)} {a.report8d && <Tag color="purple">8D</Tag>}
                </figcaption>
              </figure>
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      {files.length > 0 && (
        <List
          size="small"
          dataSource={files}
          data-testid="attachment-files"
          renderItem={(a) => (
            <List.Item>
              <Space wrap size={6}>
                <FileIcon type={a.type} />
                <a href={attachmentUrl(woId, a.id)} download={a.name} style={{ overflowWrap: 'anywhere' }}>
                  {a.name}
                </a>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fileSize(a.size)} · {who(a)} · {formatShanghai(a.createdAt)} · {label(STATUSES, a.stage, lang)}
                </Typography.Text>
                {a.report8d && <Tag color="purple">8D</Tag>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

/** Uploads each chosen file at once to the work order; `report8d` marks 8D evidence. */
export function AttachmentUploader({ woId, report8d = false, onUploaded, disabled }: { woId: string; report8d?: boolean; onUploaded: () => unknown; disabled?: boolean }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(0);
  const send = async (file: File) => {
    setBusy((n) => n + 1);
    try {
      await uploadFile('/api/workorders/{id}/attachments', { id: woId }, file, report8d ? { report8d: 'true' } : {});
      message.success(t(`已上传 ${file.name}`, `${file.name} uploaded`));
      await onUploaded();
    } catch (e) {
      message.error(`${file.name}：${errorText(e, lang)}`);
    } finally {
      setBusy((n) => n - 1);
    }
  };
  return (
    <Upload accept={ATTACHMENT_ACCEPT} multiple showUploadList={false} disabled={disabled} beforeUpload={(f) => (void send(f), false)}>
      <Button icon={<UploadOutlined />} loading={busy > 0} disabled={disabled} data-testid={report8d ? 'upload-8d' : 'upload-attachment'}>
        {report8d ? t('上传 8D 附件', 'Attach 8D evidence') : t('上传附件', 'Attach files')}
      </Button>
    </Upload>
  );
}

/** 附件 card of the detail page: every file of the work order, and the upload button (any step). */
export function AttachmentsCard({ wo, onChanged }: { wo: WorkOrderView; onChanged: () => unknown }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={
        <Space>
          <PaperClipOutlined />
          {t('附件', 'Attachments')}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {wo.attachments.length}
          </Typography.Text>
        </Space>
      }
      extra={<AttachmentUploader woId={wo.id} onUploaded={onChanged} />}
      data-testid="attachments"
    >
      <AttachmentList woId={wo.id} items={wo.attachments} />
    </Card>
  );
}

/**
 * Files chosen before the record exists (intake, the portal's filing): kept in the browser and uploaded once the
 * work order has its id or tracking number. Images show as small pictures in the list.
 */
export function PendingFiles({ files, onChange, max = 20, testId = 'pending-files' }: { files: File[]; onChange: (files: File[]) => void; max?: number; testId?: string }) {
  const { t } = useI18n();
  const list: UploadFile[] = files.map((f, i) => ({ uid: `${i}-${f.name}`, name: f.name, status: 'done', size: f.size, type: f.type, originFileObj: f as UploadFile['originFileObj'] }));
  return (
    <div data-testid={testId} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('支持 JPG、PNG、WebP、GIF 图片，PDF、Excel、Word 文件', 'JPG, PNG, WebP or GIF images, PDF, Excel or Word files')}
      </Typography.Paragraph>
      <Upload
        accept={ATTACHMENT_ACCEPT}
        multiple
        listType="picture"
        fileList={list}
        beforeUpload={(f) => {
          onChange([...files, f].slice(0, max));
          return false;
        }}
        onRemove={(u) => onChange(files.filter((_, i) => `${i}-${files[i]!.name}` !== u.uid))}
      >
        <Button icon={<UploadOutlined />}>{t('添加照片或文件', 'Add photos or files')}</Button>
      </Upload>
    </div>
  );
}

/** The 8D form's evidence: files uploaded as 8D evidence so far, and the upload button (marks them report8d). */
export function EightDAttachments({ wo, onUploaded }: { wo: WorkOrderView; onUploaded: () => unknown }) {
  const { t } = useI18n();
  return (
    <div data-testid="eight-d-attachments" style={{ marginTop: 4 }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('8D 附件（检验记录、照片等）', '8D evidence (inspection records, photos …)')}</Typography.Text>
        <AttachmentUploader woId={wo.id} report8d onUploaded={onUploaded} />
      </Flex>
      {wo.attachments.some((a) => a.report8d) && <AttachmentList woId={wo.id} items={wo.attachments} only8d />}
    </div>
  );
}

/**
 * Uploads files chosen before the record existed, one by one; returns the messages of those refused (the record
 * stands either way, and the detail page can take them again).
 */
export async function uploadPending(files: File[], send: (f: File) => Promise<unknown>, lang: 'zh' | 'en'): Promise<string[]> {
  const failed: string[] = [];
  for (const f of files) {
    try {
      await send(f);
    } catch (e) {
      failed.push(`${f.name}：${errorText(e, lang)}`);
    }
  }
  return failed;
}
