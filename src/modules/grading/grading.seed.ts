import { addCalendar, localInstant, loadShippedYears, WorkCalendar } from '../../core/calendar';
import { validUntil } from '../../core/grading';
import { evaluate, shippedCompiledPack } from '../../core/rules';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit';
import type { DemoSeeder } from '../demo';
import type { Evaluation } from './grading.schemas';
import { PIPELINE_WORKING_DAYS, NOTICE_WORKING_DAYS } from './grading.applications';
import { shippedTemplates } from './grading.templates';

// Demo records of the grading module: the underground mine holds a 二级 grade announced 2024-05-20 with its
// history (三级 in 2021, a short shutdown, a withdrawn application); the open-pit mine has a 三级 application
// on public notice. Everything on the underground mine is final, so its filler can apply for 一级 in the demo.
// Built from the pure cores only: the seeder runs inside the demo transaction, so it may not query via ctx.db.

const PARTS = shippedTemplates().get('coal-mine-2020')!.parts.map((p) => p.id);
const scores = (n: number, tweak: Record<string, number> = {}) => ({ ...Object.fromEntries(PARTS.map((p, i) => [p, n + (i % 3) * 0.5])), ...tweak });

export const seedGradingDemo: DemoSeeder = async (_ctx, trx, { units, users, now }) => {
  const pack = shippedCompiledPack('coal-mine-2020');
  if (!pack) return;
  const cal = new WorkCalendar({ years: loadShippedYears() });
  const mineUG = units.mineUnderground.id;
  const mineOP = units.mineOpenPit.id;
  const province = units.province.id;
  const at = now.toISOString();

  const evaluation = (mineType: string, s: Record<string, number>, weighted: number, asOf: string): Evaluation => {
    const r = evaluate(pack, { mineType, basicConditionsMet: true, partScores: s, weightedScore: weighted, events: [] }, asOf);
    return { packId: r.packId, packVersion: r.version, asOf, level: r.level as Evaluation['level'], explain: r.explain, refused: r.refused };
  };
  const history = (row: { mine: string; date: string; kind: string; level?: string | null; from?: string | null; eventType?: string; reason: string; app?: string }) =>
    trx
      .insertInto('grading_history')
      .values({ id: newId(), mine_id: row.mine, date: row.date, kind: row.kind, level: row.level ?? null, from_level: row.from ?? null, event_type: row.eventType ?? null, event_class: null, reason: row.reason, standard: 'coal-mine-2020', application_id: row.app ?? null, proposal_id: null, authority_id: province, stop_order: null, data: null, created_at: at, created_by: null })
      .execute();

  const application = async (a: { mine: string; mineType: string; level: string; received: string; status: string; n: number; assessed?: number; closed?: string; announced?: string; reason?: string }) => {
    const id = newId();
    const receivedAt = localInstant(a.received, '09:30');
    const sa = scores(a.n);
    const weighted = a.n + 0.4;
    const ev = evaluation(a.mineType, sa, weighted, a.received);
    const assessedScores = a.assessed === undefined ? null : scores(a.assessed);
    const assessment = assessedScores
      ? { method: 'on_site', partScores: assessedScores, weightedScore: a.assessed! + 0.3, assessedAt: localInstant(addCalendar(a.received, 20, 'days'), '15:00').toISOString(), assessedById: province, evaluation: evaluation(a.mineType, assessedScores, a.assessed! + 0.3, addCalendar(a.received, 20, 'days')), note: null }
      : null;
    await trx
      .insertInto('grading_applications')
      .values({
        id,
        mine_id: a.mine,
        target_level: a.level,
        current_level: a.level,
        standard: 'coal-mine-2020',
        status: a.status,
        received_at: receivedAt.toISOString(),
        deadline_at: cal.add(receivedAt, PIPELINE_WORKING_DAYS, 'working_days').due.toISOString(),
        deadline_provisional: 0,
        self_assessment: JSON.stringify({ partScores: sa, weightedScore: weighted, basicConditionsMet: true, report: '按《管理体系》逐项自评，详见自评报告。' }),
        weighted_score: weighted,
        evaluation: JSON.stringify(ev),
        initial_body_id: province,
        assessment_body_id: province,
        hidden_dangers: JSON.stringify([]),
        assessment: assessment ? JSON.stringify(assessment) : null,
        decisions: '[]',
        granted_level: a.announced ? a.level : null,
        announced_at: a.announced ? localInstant(a.announced, '10:00').toISOString() : null,
        closed_at: a.closed ? localInstant(a.closed, '10:00').toISOString() : null,
        closed_reason: a.reason ?? null,
        created_at: receivedAt.toISOString(),
        created_by: users.enterprise ?? null,
        updated_at: at,
      })
      .execute();
    return id;
  };

  const announce = async (mine: string, level: string, since: string, app: string) => {
    await trx.insertInto('grading_announcements').values({ id: newId(), mine_id: mine, kind: 'graded', level, from_level: null, since, valid_until: validUntil(since), authority_id: province, announced_at: localInstant(since, '10:00').toISOString(), reason: null, application_id: app, proposal_id: null }).execute();
  };

  // 晋北一号井工煤矿: 三级 (2021) → a short shutdown in 2022 → a withdrawn attempt → 二级 announced 2024-05-20.
  const app2021 = await application({ mine: mineUG, mineType: 'underground', level: '三级', received: '2021-03-22', status: 'announced', n: 76, assessed: 75, closed: '2021-06-15', announced: '2021-06-15' });
  await history({ mine: mineUG, date: '2021-06-15', kind: 'graded', level: '三级', reason: '公示无异议，确认为三级', app: app2021 });
  await announce(mineUG, '三级', '2021-06-15', app2021);
  await history({ mine: mineUG, date: '2022-03-01', kind: 'event', level: '三级', eventType: 'shutdown_started', reason: '井下主排水系统改造停产' });
  await history({ mine: mineUG, date: '2022-05-10', kind: 'event', level: '三级', eventType: 'shutdown_ended', reason: '改造完成复产（停产未超过6个月）' });
  await application({ mine: mineUG, mineType: 'underground', level: '二级', received: '2023-09-11', status: 'withdrawn', n: 81, closed: '2023-10-09', reason: '自评后发现采煤部分资料不全，撤回申报' });
  const app2024 = await application({ mine: mineUG, mineType: 'underground', level: '二级', received: '2024-02-26', status: 'announced', n: 86, assessed: 85, closed: '2024-05-20', announced: '2024-05-20' });
  await history({ mine: mineUG, date: '2024-05-20', kind: 'graded', level: '二级', from: '三级', reason: '公示无异议，确认为二级', app: app2024 });
  await announce(mineUG, '二级', '2024-05-20', app2024);
  await trx.insertInto('grading_grades').values({ mine_id: mineUG, level: '二级', since: '2024-05-20', valid_until: validUntil('2024-05-20'), standard: 'coal-mine-2020', granted_by: province, extended: 0, reminded_for: null, updated_at: at }).execute();

  // 晋北二号露天煤矿: a 三级 application assessed and on public notice from the seeding day.
  const received = addCalendar(cal.localDate(now), -20, 'days');
  const appOP = await application({ mine: mineOP, mineType: 'open_pit', level: '三级', received, status: 'public_notice', n: 77, assessed: 76 });
  const runs = cal.add(now, NOTICE_WORKING_DAYS, 'working_days');
  await trx
    .insertInto('grading_notices')
    .values({ id: newId(), application_id: appOP, mine_id: mineOP, level: '三级', authority_id: province, published_at: at, runs_until: runs.due.toISOString(), provisional: runs.provisional ? 1 : 0, status: 'open', text: '经考核，晋北二号露天煤矿（晋北煤业集团有限公司）拟确认为煤矿安全生产标准化管理体系三级。公示期5个工作日，如有异议，请通过公示页面提出。', created_at: at })
    .execute();
  await recordAudit(trx, { at, actor: null, action: 'grading.demo.seed', subjectType: 'system', note: '定级演示数据：2 座煤矿、4 份申报、1 条公示中' });
};
