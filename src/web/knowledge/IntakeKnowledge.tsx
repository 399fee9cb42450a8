import { Form } from 'antd';
import { useEffect } from 'react';
import { placeholderValues } from '../../core/knowledge/placeholders';
import { useMe } from '../app/auth';
import { KnowledgeFormField } from './KnowledgePicker';
import { portalUrl } from './WorkOrderKnowledge';

/**
 * The 话术库 while taking a call (docs/knowledge.md "Using an entry"): for an inquiry, picking an answer fills it in
 * and marks the inquiry answered on the spot — registered closed at once (docs/workorders.md "Intake"); for other
 * kinds the script is shown to be read out. Placeholders are filled from what has been typed so far.
 */
export function IntakeKnowledge({ kind, category }: { kind: string; category?: string }) {
  const form = Form.useFormInstance();
  const me = useMe();
  const typed = Form.useWatch((v: Record<string, string | undefined>) => ({ customerName: v.customerName, contactName: v.contactName, productName: v.productName, productCode: v.productCode, problem: v.problem }), form);
  const values = placeholderValues(typed ?? {}, { agentName: me.data?.displayName, portalUrl: portalUrl() });
  const inquiry = kind === 'inquiry';
  // An entry picked for another kind is not this call's: choosing a new kind starts afresh.
  useEffect(() => form.setFieldValue('knowledgeEntryId', undefined), [form, kind]);
  return (
    <KnowledgeFormField
      key={kind}
      use="call"
      kind={kind}
      category={category}
      values={values}
      target={inquiry ? 'answer' : undefined}
      onPicked={() => {
        if (inquiry) form.setFieldValue('answeredOnSpot', true);
      }}
    />
  );
}
