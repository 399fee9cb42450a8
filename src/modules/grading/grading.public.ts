import { isLevel } from '../../core/grading';
import type { AppContext } from '../../platform/context';
import { conflict, notFound, tooManyRequests } from '../../platform/http/errors';
import { hitRateLimit } from '../../platform/http/rate-limit';
import { newId } from '../../platform/ids';
import { idempotent } from '../../platform/http/idempotency';
import { recordAudit } from '../audit';
import { notify } from '../notifications';
import * as repo from './grading.repository';
import type { ObjectionCreateInput, PublicAnnouncement, PublicNotice } from './grading.schemas';
import { AUTHORITY_ROLES, loadMines, namesOf } from './grading.service';

// The public site (docs/grading.md#the-pipeline-art-7: 公示/公告, 定级办法 Art. 7(4), 7(5)): notices open for objections and the list of announcements, without an
// account. Only what an authority would publish on its website is shown — no contact data, no scores.

export async function listPublicNotices(ctx: AppContext): Promise<PublicNotice[]> {
  const rows = await repo.listPublicNotices(ctx.db);
  const names = await namesOf(ctx.db, rows.map((r) => r.authority_id));
  const mines = await loadMines(ctx.db, rows.map((r) => r.mine_id));
  const out: PublicNotice[] = [];
  for (const r of rows) {
    const mine = mines.get(r.mine_id);
    if (!mine || !isLevel(r.level)) continue;
    out.push({ id: r.id, mineName: mine.unit.name, mineType: mine.mineType, enterpriseName: mine.enterprise?.name ?? null, provinceName: mine.province?.name ?? null, level: r.level, authorityName: names.get(r.authority_id) ?? '', publishedAt: r.published_at, runsUntil: r.runs_until, text: r.text, status: r.status === 'open' ? 'open' : 'closed' });
  }
  return out;
}

/** Anyone may object while the notice is open (Art. 7(4)); rate-limited per address like the other public forms. */
export async function fileObjection(ctx: AppContext, noticeId: string, input: ObjectionCreateInput, ip: string, idempotencyKey?: string): Promise<{ id: string; receivedAt: string }> {
  const now = ctx.clock.now();
  const wait = await hitRateLimit(ctx.db, `grading-objection:${ip}`, ctx.config.publicPortal.maxRequests, ctx.config.publicPortal.windowMs, now);
  if (wait > 0) throw tooManyRequests(wait);
  const notice = await repo.findNotice(ctx.db, noticeId);
  if (!notice || notice.status === 'withdrawn') throw notFound('Notice', '公示', 'notice_not_found');
  if (notice.status !== 'open') throw conflict('notice_closed', 'The notice is closed; objections are no longer accepted', '公示已结束，不再受理异议');
  const at = now.toISOString();
  const id = newId(now.getTime());
  // A resubmission with the same Idempotency-Key (and the same text) is one objection, not two.
  const { body } = await idempotent<{ id: string; receivedAt: string }>(ctx, 'grading.objections', idempotencyKey, { noticeId, ...input }, async (trx) => {
    await repo.insertObjection(trx, { id, notice_id: noticeId, application_id: notice.application_id, received_at: at, name: input.name, contact: input.contact, text: input.text, ip, status: 'open', resolution: null, resolved_at: null, resolved_by: null });
    await recordAudit(trx, { at, actor: null, action: 'grading.objection.file', subjectType: 'grading_application', subjectId: notice.application_id, unitId: notice.mine_id, after: { objectionId: id, noticeId, name: input.name } });
    await notify(trx, now, { userIds: await repo.userIdsWithRolesOn(trx, [notice.authority_id], [...AUTHORITY_ROLES]), title: '公示收到异议', body: input.text.slice(0, 200), titleEn: 'Objection to a public notice', link: `/grading/applications/${notice.application_id}`, subject: { module: 'grading', id: notice.application_id } });
    return { status: 201, body: { id, receivedAt: at } };
  });
  return body;
}

export async function listPublicAnnouncements(ctx: AppContext): Promise<PublicAnnouncement[]> {
  const rows = await repo.listAnnouncements(ctx.db);
  const names = await namesOf(ctx.db, rows.map((r) => r.authority_id));
  const mines = await loadMines(ctx.db, rows.map((r) => r.mine_id));
  const out: PublicAnnouncement[] = [];
  for (const r of rows) {
    const mine = mines.get(r.mine_id);
    if (!mine) continue;
    out.push({
      id: r.id,
      kind: r.kind as PublicAnnouncement['kind'],
      mineName: mine.unit.name,
      mineType: mine.mineType,
      enterpriseName: mine.enterprise?.name ?? null,
      provinceName: mine.province?.name ?? null,
      level: isLevel(r.level) ? r.level : null,
      fromLevel: isLevel(r.from_level) ? r.from_level : null,
      since: r.since,
      validUntil: r.valid_until,
      authorityName: names.get(r.authority_id) ?? '',
      announcedAt: r.announced_at,
      reason: r.reason,
    });
  }
  return out;
}
