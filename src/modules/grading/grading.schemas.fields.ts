// Field shapes the grading schemas share but do not publish (not re-exported by grading.schemas.ts).

import { z } from 'zod';
import { businessDate, businessInstant } from '../../platform/http/bounds';

export const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const IsoInstant = z.string().datetime({ offset: true });
/** A date ('2026-03-02', read as that local day) or an instant. */
export const DateOrInstant = z.union([Ymd, IsoInstant]);

export const PartScores = z.record(z.string().min(1).max(100), z.number().min(0).max(100));

// Request dates are real dates between 2000 and 2099 (docs/security.md, V5); views keep the plain shapes above.
// Whether an event date may lie in the future depends on "now" and is checked in the services.
export const InDate = businessDate();
export const InDateOrInstant = z.union([InDate, businessInstant()]);
