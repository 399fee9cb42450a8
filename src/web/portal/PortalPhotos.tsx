import { CameraOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App as AntApp, Button, List, Typography, Upload } from 'antd';
import { useState } from 'react';
import { uploadFile } from '../app/api';
import { errorText, useI18n } from '../app/i18n';
import { formatShanghai } from '../workorders/format';
import { ATTACHMENT_ACCEPT, fileSize } from '../workorders/desk/attachments';
import type { PublicComplaintView } from '../workorders/types';

// The customer's photos on the portal (docs/workorders.md "Attachments"): sent with the tracking number and, in
// the form body, the contact on record — never in a URL. The customer sees the names of their own files only.

/** One file to the complaint; the server answers 404 unless the contact matches, 415/413 for a bad file. */
export const uploadPortalFile = (trackingNumber: string, contact: string, file: File) =>
  uploadFile('/api/public/complaints/{trackingNumber}/attachments', { trackingNumber }, file, { contact });

/** On the tracking page: the files the customer sent, and a button to add more photos. */
export function PortalUploads({ result, contact, onUploaded }: { result: PublicComplaintView; contact: string; onUploaded: () => unknown }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(0);
  const send = async (file: File) => {
    setBusy((n) => n + 1);
    try {
      await uploadPortalFile(result.trackingNumber, contact, file);
      message.success(t(`已上传 ${file.name}`, `${file.name} uploaded`));
      await onUploaded();
    } catch (e) {
      message.error(`${file.name}：${errorText(e, lang)}`);
    } finally {
      setBusy((n) => n - 1);
    }
  };
  return (
    <div style={{ marginTop: 24 }} data-testid="portal-attachments">
      <Typography.Title level={5}>{t('您上传的照片和文件', 'Your photos and files')}</Typography.Title>
      {result.attachments.length > 0 ? (
        <List
          size="small"
          dataSource={result.attachments}
          renderItem={(a) => (
            <List.Item>
              <span style={{ overflowWrap: 'anywhere' }}>
                <PaperClipOutlined /> {a.name}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fileSize(a.size)} · {formatShanghai(a.createdAt)}
                </Typography.Text>
              </span>
            </List.Item>
          )}
        />
      ) : (
        <Typography.Paragraph type="secondary">{t('暂未上传。拍下问题部位的照片可以帮助我们更快处理。', 'Nothing yet. A photo of the problem helps us handle it faster.')}</Typography.Paragraph>
      )}
      <Upload accept={ATTACHMENT_ACCEPT} multiple showUploadList={false} beforeUpload={(f) => (void send(f), false)}>
        <Button icon={<CameraOutlined />} loading={busy > 0} data-testid="portal-add-photo">
          {t('补充照片或文件', 'Add photos or files')}
        </Button>
      </Upload>
    </div>
  );
}
