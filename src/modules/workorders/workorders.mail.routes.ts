import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../platform/http/bounds';
import { requireUser } from '../auth';
import type { RoleCode } from '../org';
import { downloadMailAttachment, listWorkOrderMail } from './workorders.mail';
import { MailMessageView } from './workorders.schemas';

// The mail of a work order (docs/integrations-mail.md): read like the work order itself — the desk roles, then
// the visibility rule in the service (404 for a work order, or an attachment of one, the caller does not see).

const DESK_ROLES: RoleCode[] = ['admin', 'agent', 'team_lead', 'deputy_supervisor', 'supervisor', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager', 'callback_agent'];
const IdParams = z.object({ id: id() });
const AttachmentParams = z.object({ id: id(), attachmentId: id() });

export const workordersMailRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['workorders'];

  app.get('/api/workorders/:id/mail', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'The mail received and sent for a work order, oldest first', params: IdParams, response: { 200: z.array(MailMessageView) } },
    handler: async (req) => listWorkOrderMail(app.ctx, requireUser(req), req.params.id),
  });

  app.get('/api/workorders/:id/mail-attachments/:attachmentId', {
    config: { roles: DESK_ROLES },
    schema: { tags, summary: 'Download an attachment of a received mail', params: AttachmentParams },
    handler: async (req, reply) => {
      const f = await downloadMailAttachment(app.ctx, requireUser(req), req.params.id, req.params.attachmentId);
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .header('x-content-type-options', 'nosniff')
        // A sender's file is never a page of this site: no script, no same-origin access, even if opened.
        .header('content-security-policy', "sandbox; default-src 'none'")
        .send(f.content);
    },
  });
};
