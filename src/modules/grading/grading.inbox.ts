import { dayRange } from '../../core/calendar';
import { periodsOf, type Scope } from '../../core/grading/self-inspection';
import type { AppContext } from '../../platform/context';
import { coversUnit, hasRole, scopePaths, type Principal } from '../auth';
import { calendarToday, getCalendar } from '../calendar';
import * as repo from './grading.repository';
import { AUTHORITY_ROLES, MINE_SIDE_ROLES, actsFor, loadMines, type MineContext } from './grading.service';

// My work (我的待办) in grading (docs/grading.md "My work"): what waits for the caller's step — applications at the
// caller's body (初审 / 考核 / 公示 / 公告) or with a hidden danger the mine must rectify, proposals the granting body
// confirms (Art. 11(3)), direct extensions to review or file (Art. 10), and the self-inspection due (Art. 11(6)).
// The same rules as the actions themselves: a body acts through staff holding an authority role on that very unit.

export type GradingInboxAction =
  | 'initial_review_pass'
  | 'rectify_hidden_danger'
  | 'assess'
  | 'publish_notice'
  | 'resolve_objection'
  | 'announce'
  | 'confirm_proposal'
  | 'province_approve'
  | 'national_file'
  | 'record_self_inspection';

export interface GradingInboxItem {
  id: string;
  title: string;
  action: GradingInboxAction;
  due: string | null;
  state: 'running' | 'missed' | null;
}

const stateAt = (due: string | null, now: string): GradingInboxItem['state'] => (due === null ? null : due < now ? 'missed' : 'running');

export async function inboxGrading(ctx: AppContext, p: Principal): Promise<GradingInboxItem[]> {
  const bodyIds = p.roles.filter((g) => AUTHORITY_ROLES.includes(g.role)).map((g) => g.unitId);
  const mineSide = hasRole(p, MINE_SIDE_ROLES) ? await repo.listMineUnits(ctx.db, scopePaths(p, MINE_SIDE_ROLES)) : [];
  if (bodyIds.length === 0 && mineSide.length === 0) return [];
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const out: GradingInboxItem[] = [];

  // Applications: the step of the body (or the mine) it waits for, against the 60-working-day clock (Art. 7).
  const apps = await repo.inboxApplications(ctx.db, { bodyIds, mineIds: mineSide.map((m) => m.id) });
  const notices = new Map((await repo.openNoticesOf(ctx.db, apps.filter((a) => a.status === 'public_notice').map((a) => a.id))).map((n) => [n.application_id, n]));
  const objections = await repo.openObjectionCounts(ctx.db, [...notices.keys()]);
  const extensions = bodyIds.length ? await repo.pendingExtensions(ctx.db) : [];
  const proposals = await repo.pendingProposals(ctx.db, bodyIds);
  const mines = await loadMines(ctx.db, [...new Set([...apps.map((a) => a.mine_id), ...extensions.map((e) => e.mine_id), ...proposals.map((x) => x.mine_id)])]);
  const nameOf = (id: string) => mines.get(id)?.unit.name ?? id;
  for (const a of apps) {
    const open = (JSON.parse(a.hidden_dangers) as { rectified: boolean }[]).some((h) => !h.rectified);
    let action: GradingInboxAction | null = null;
    if (a.status === 'submitted' || a.status === 'initial_review') {
      if (open && mines.get(a.mine_id) && coversUnit(p, mines.get(a.mine_id)!.unit.path, MINE_SIDE_ROLES)) action = 'rectify_hidden_danger';
      else if (!open && actsFor(p, a.initial_body_id)) action = 'initial_review_pass';
    } else if (actsFor(p, a.assessment_body_id)) {
      if (a.status === 'assessment') action = a.assessment ? 'publish_notice' : 'assess';
      else if ((objections.get(a.id) ?? 0) > 0) action = 'resolve_objection';
      // Art. 7(4): announced only once the notice has run its 5 working days.
      else if (notices.get(a.id) && notices.get(a.id)!.runs_until <= nowIso) action = 'announce';
    }
    if (action) out.push({ id: a.id, title: `${nameOf(a.mine_id)}（${a.current_level}）`, action, due: a.deadline_at, state: stateAt(a.deadline_at, nowIso) });
  }

  // Proposals (Art. 11(3)): the body that granted the grade confirms; without one on record, the province.
  for (const x of proposals) {
    const mine = mines.get(x.mine_id);
    const mayDecide = actsFor(p, x.authority_id) || (!x.authority_id && !!mine?.province && actsFor(p, mine.province.id));
    if (!mayDecide) continue;
    out.push({ id: x.id, title: `${nameOf(x.mine_id)}（${x.from_level ?? '—'} → ${x.action === 'revoke' ? '×' : (x.to_level ?? '—')}）`, action: 'confirm_proposal', due: null, state: null });
  }

  // Direct extensions (Art. 10): the province reviews, the national authority files — before the grade expires.
  const zone = (await getCalendar(ctx)).settings.utcOffsetMinutes;
  for (const e of extensions) {
    const mine = mines.get(e.mine_id);
    const action = e.status === 'submitted' ? (actsFor(p, mine?.province?.id ?? null) ? 'province_approve' : null) : actsFor(p, mine?.national?.id ?? null) ? 'national_file' : null;
    if (!action) continue;
    const due = dayRange(e.valid_until_before, zone).start.toISOString();
    out.push({ id: e.id, title: `${nameOf(e.mine_id)}（一级）`, action, due, state: stateAt(due, nowIso) });
  }

  // Self-inspections (Art. 11(6)): the earliest period without a record, quarterly by the mine, half-yearly by its enterprise.
  if (mineSide.length) out.push(...(await selfInspectionsDue(ctx, p, mineSide.map((m) => m.id), zone, nowIso)));
  return out;
}

async function selfInspectionsDue(ctx: AppContext, p: Principal, mineIds: string[], zone: number, nowIso: string): Promise<GradingInboxItem[]> {
  const today = await calendarToday(ctx);
  const year = Number(today.slice(0, 4));
  const grades = new Map((await repo.gradesOf(ctx.db, mineIds)).map((g) => [g.mine_id, g]));
  const graded = mineIds.filter((id) => grades.get(id) && grades.get(id)!.valid_until > today);
  if (graded.length === 0) return [];
  const mines = await loadMines(ctx.db, graded);
  const done = await repo.selfInspectionsOf(ctx.db, graded, [String(year - 1), String(year)]);
  const out: GradingInboxItem[] = [];
  for (const id of graded) {
    const mine = mines.get(id)!;
    const grade = grades.get(id)!;
    for (const scope of ['mine', 'enterprise'] as const) {
      if (!recordsFor(p, mine, scope)) continue;
      // The periods that have begun since the grade did, oldest first; the first without a record is due.
      const periods = [...periodsOf(year - 1, scope), ...periodsOf(year, scope)].filter((x) => x.dueDate >= grade.since && x.start <= today);
      const slot = periods.find((x) => !done.some((d) => d.mine_id === id && d.scope === scope && d.period === x.period));
      if (!slot) continue;
      const due = dayRange(slot.dueDate, zone).end.toISOString();
      out.push({ id, title: `${mine.unit.name} ${slot.period}`, action: 'record_self_inspection', due, state: stateAt(due, nowIso) });
      break;
    }
  }
  return out;
}

/**
 * Whose task a self-inspection is: the mine's quarterly one for its mine_user, the half-yearly one for the
 * enterprise (a mine without an enterprise runs both itself, as recordSelfInspection allows).
 */
function recordsFor(p: Principal, mine: MineContext, scope: Scope): boolean {
  if (scope === 'mine') return coversUnit(p, mine.unit.path, ['mine_user']);
  return mine.enterprise ? coversUnit(p, mine.enterprise.path, ['enterprise_user']) : coversUnit(p, mine.unit.path, MINE_SIDE_ROLES);
}
