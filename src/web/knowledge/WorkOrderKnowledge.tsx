import { placeholderValues } from '../../core/knowledge/placeholders';
import { useMe } from '../app/auth';
import type { WorkOrderView } from '../workorders/types';
import { KnowledgeFormField } from './KnowledgePicker';
import type { KnowledgeUse } from './knowledge-api';

/** Where customers follow their case: this site's portal (docs/workorders.md "Customer portal"). */
export const portalUrl = () => `${window.location.origin}/portal`;

/**
 * The 话术库 in a work order's dialog (reply, callback, SMS): entries for its kind and category, filled in from the
 * work order, the signed-in user and the portal's address (docs/knowledge.md "Placeholders").
 */
export function WorkOrderKnowledge({ wo, use, target }: { wo: WorkOrderView; use: KnowledgeUse; target?: string }) {
  const me = useMe();
  const values = placeholderValues(wo, { agentName: me.data?.displayName, portalUrl: portalUrl() });
  return <KnowledgeFormField use={use} kind={wo.kind} category={wo.category} values={values} target={target} />;
}
