import type { AttachmentMeta } from './workorders.desk.repository';
import type { AttachmentView } from './workorders.schemas';

// Presenting attachments (the work-order view lists them; workorders.attachments.ts stores and serves them).

/** Images are shown inline (thumbnails); every other type is offered as a download. */
export const isImage = (mime: string): boolean => mime.startsWith('image/');

export function presentAttachment(a: AttachmentMeta): AttachmentView {
  return {
    id: a.id,
    name: a.name,
    size: a.size,
    type: a.mime,
    image: isImage(a.mime),
    createdAt: a.created_at,
    uploadedBy: a.created_by_name,
    source: a.source === 'portal' ? 'portal' : 'staff',
    stage: a.stage,
    report8d: a.report8d === 1,
  };
}
