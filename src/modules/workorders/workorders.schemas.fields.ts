import { z } from 'zod';
import { businessDate, businessInstant } from '../../platform/http/bounds';

// Field shapes reused by the complaint desk's schemas; not part of the API surface (workorders.schemas.ts does not
// re-export them).

// Dates between 2000 and 2099 (docs/security.md, V5); whether one may lie in the future or the past depends on
// "now" and is checked in the service.
export const isoDateTime = businessInstant();
export const isoDate = businessDate();
export const shortText = z.string().trim().max(200);
export const longText = z.string().trim().max(5000);
