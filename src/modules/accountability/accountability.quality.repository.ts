import type { DbOrTrx } from '../../platform/db/database';
import type { QualityAccidentProposalsTable } from './accountability.tables';

// Queries of the quality-accident proposals (docs/quality-loop.md); the service decides who sees what.

export type ProposalRow = Omit<QualityAccidentProposalsTable, 'version'> & { version: number };
export type ProposalListRow = ProposalRow & {
  unit_name: string;
  owning_unit_path: string;
  responsible_name: string | null;
  proposed_by_name: string;
  decided_by_name: string | null;
};

export async function insertProposal(db: DbOrTrx, row: Omit<ProposalRow, 'version'>): Promise<void> {
  await db.insertInto('quality_accident_proposals').values(row).execute();
}

function proposalQuery(db: DbOrTrx) {
  return db
    .selectFrom('quality_accident_proposals as q')
    .innerJoin('units as u', 'u.id', 'q.unit_id')
    .innerJoin('units as o', 'o.id', 'q.owning_unit_id')
    .innerJoin('users as pb', 'pb.id', 'q.proposed_by')
    .leftJoin('users as r', 'r.id', 'q.responsible_user_id')
    .leftJoin('users as d', 'd.id', 'q.decided_by')
    .selectAll('q')
    .select(['u.name as unit_name', 'o.path as owning_unit_path', 'r.display_name as responsible_name', 'pb.display_name as proposed_by_name', 'd.display_name as decided_by_name']);
}

export async function findProposal(db: DbOrTrx, id: string): Promise<ProposalListRow | undefined> {
  return proposalQuery(db).where('q.id', '=', id).executeTakeFirst();
}

/** Proposals of work orders owned by companies under `paths`, newest first. */
export async function listProposals(db: DbOrTrx, paths: string[], f: { status?: string; workOrderId?: string }): Promise<ProposalListRow[]> {
  if (!paths.length) return [];
  let q = proposalQuery(db).where((eb) => eb.or(paths.map((p) => eb('o.path', 'like', `${p}%`))));
  if (f.status) q = q.where('q.status', '=', f.status);
  if (f.workOrderId) q = q.where('q.work_order_id', '=', f.workOrderId);
  return q.orderBy('q.proposed_at', 'desc').orderBy('q.id', 'desc').limit(500).execute();
}
