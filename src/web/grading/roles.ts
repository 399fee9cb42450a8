// Which roles see which grading pages and buttons (定级办法 Art. 6; docs/grading.md#who-acts-art-6, docs/grading.md#the-pipeline-art-7 (定级办法 Art. 7)). The server checks every request again;
// these lists only keep the UI from offering what would be refused.
import { hasAnyRole, type Me } from '../app/auth';

/** Everyone who takes part in grading: the mine, its enterprise, the authorities, the administrator. */
export const GRADING_ROLES = ['mine_user', 'enterprise_user', 'province_reviewer', 'national_assessor', 'admin'] as const;
/** Authorities: they review, assess, record supervision events and publish the yearly bulletin. */
export const AUTHORITY_ROLES = ['province_reviewer', 'national_assessor', 'admin'] as const;
/** The applicant side: a mine applies itself or through its enterprise (Art. 7(1)). */
export const APPLICANT_ROLES = ['mine_user', 'enterprise_user'] as const;
/** Who registers mines: the administrator and the provincial authority. */
export const MINE_CREATOR_ROLES = ['admin', 'province_reviewer'] as const;

export const isAuthority = (me: Me | null | undefined) => hasAnyRole(me, AUTHORITY_ROLES);
export const isApplicant = (me: Me | null | undefined) => hasAnyRole(me, APPLICANT_ROLES);
