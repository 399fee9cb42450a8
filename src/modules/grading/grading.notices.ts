import type { DbOrTrx } from '../../platform/db/database';
import { markSubjectRead, notify } from '../notifications';
import type { Principal } from '../auth';
import * as repo from './grading.repository';
import { AUTHORITY_ROLES, MINE_SIDE_ROLES, type MineContext } from './grading.service';

// Who is told at each grading step (docs/notifications.md "Grading"): the mine and its enterprise hear of every
// step of their application, proposal and extension; a reviewing body hears when the next step is its own. Texts
// are Chinese with their English; the recipient reads the one of their language.

export interface Told {
  /** Tell the mine side: mine_user on the mine, enterprise_user on its enterprise. */
  mine?: MineContext;
  /** Tell the staff of these bodies (province_reviewer / national_assessor on that very unit, Art. 6). */
  bodyIds?: (string | null | undefined)[];
}

export interface Message {
  title: string;
  body: string;
  titleEn: string;
  bodyEn: string;
  link: string;
}

/** The users of `who`, less the actor (who needs no notice of their own step). */
async function recipients(db: DbOrTrx, who: Told, actorId: string | null): Promise<string[]> {
  const ids: string[] = [];
  if (who.mine) ids.push(...(await repo.userIdsWithRolesOn(db, [who.mine.unit.id, ...(who.mine.enterprise ? [who.mine.enterprise.id] : [])], [...MINE_SIDE_ROLES])));
  const bodies = (who.bodyIds ?? []).filter((b): b is string => !!b);
  if (bodies.length) ids.push(...(await repo.userIdsWithRolesOn(db, bodies, [...AUTHORITY_ROLES])));
  return [...new Set(ids)].filter((u) => u !== actorId);
}

/** Queue one notification about the grading item `subjectId` (an application, proposal, extension or mine). */
export async function tell(db: DbOrTrx, now: Date, who: Told, actor: Principal | null, subjectId: string, m: Message): Promise<void> {
  await notify(db, now, { userIds: await recipients(db, who, actor?.id ?? null), title: m.title, body: m.body, titleEn: m.titleEn, bodyEn: m.bodyEn, link: m.link, subject: { module: 'grading', id: subjectId } });
}

/** The actor acted on the item: their notifications about it are read. */
export const actedOn = (db: DbOrTrx, p: Principal, subjectId: string, now: Date) => markSubjectRead(db, p.id, { module: 'grading', id: subjectId }, now);
