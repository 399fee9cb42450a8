import { z } from 'zod';
import { businessDate, id, version } from '../../platform/http/bounds';

// Zod schemas of the call-centre API (docs/callcenter.md; 呼叫中心岗位职责 cl. 1–3), shared with the web app.

export const SHIFTS = ['morning', 'afternoon', 'night'] as const;
export const Shift = z.enum(SHIFTS);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '须为 YYYY-MM / must be YYYY-MM' });
const rate = z.number().min(0).max(1);

export const Breach = z.object({
  /** The agent concerned, when it is one of ours (omit for a breach by someone outside the system). */
  userId: id().optional(),
  name: z.string().trim().max(100).optional(),
  description: z.string().trim().min(1).max(2000),
});

export const DutyLogCreate = z.object({
  date: businessDate(),
  shift: Shift,
  notes: z.string().trim().min(1).max(10_000),
  breaches: z.array(Breach).max(50).default([]),
  /** Agents on duty (user ids); defaults to those scheduled for the shift. */
  agents: z.array(id()).max(100).optional(),
  /** The call centre the entry belongs to; defaults to the unit where the caller is team lead. */
  unitId: id().optional(),
});
export type DutyLogCreate = z.infer<typeof DutyLogCreate>;

export const DutyLogQuery = z.object({ from: businessDate().optional(), to: businessDate().optional() });
export const DutyLogParams = z.object({ id: id() });
export const VersionBody = z.object({ version: version() });
export const ReviewBody = z.object({ version: version(), note: z.string().trim().min(1).max(2000) });

const Person = z.object({ id: z.string(), name: z.string() });
export const DutyLogEntry = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  date: z.string(),
  shift: Shift,
  notes: z.string(),
  breaches: z.array(z.object({ userId: z.string().nullable(), name: z.string(), description: z.string() })),
  agents: z.array(Person),
  createdAt: z.string(),
  createdBy: Person,
  handedOver: z.object({ at: z.string(), by: Person }).nullable(),
  review: z.object({ at: z.string(), by: Person, note: z.string() }).nullable(),
  version: z.number().int(),
});
export type DutyLogEntryOutput = z.infer<typeof DutyLogEntry>;

export const ScheduleQuery = z.object({ from: businessDate(), to: businessDate(), unitId: id().optional() });
export const ScheduleSlot = z.object({ date: businessDate(), shift: Shift, userIds: z.array(id()).max(100) });
export const SchedulePut = z.object({ unitId: id().optional(), slots: z.array(ScheduleSlot).min(1).max(400) });
export type SchedulePut = z.infer<typeof SchedulePut>;
export const ScheduleView = z.object({
  unitId: z.string(),
  slots: z.array(z.object({ date: z.string(), shift: Shift, agents: z.array(Person) })),
});

export const TargetsQuery = z.object({ month, unitId: id().optional() });
export const TargetRow = z.object({
  userId: id(),
  handled: z.number().int().min(0).max(1_000_000).nullable(),
  onTimeRate: rate.nullable(),
  satisfaction: rate.nullable(),
});
export const TargetsPut = z.object({ month, unitId: id().optional(), targets: z.array(TargetRow).max(500) });
export type TargetsPut = z.infer<typeof TargetsPut>;
export const TargetsView = z.object({ unitId: z.string(), month: z.string(), targets: z.array(TargetRow.extend({ name: z.string() })) });

export const FiguresQuery = z.object({ from: businessDate(), to: businessDate(), unitId: id().optional() });
export type FiguresQuery = z.infer<typeof FiguresQuery>;
export const AgentFigures = z.object({
  userId: z.string(),
  name: z.string(),
  /** Work orders the agent registered in the period. */
  handled: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
  /** Deadlines met on time ÷ deadlines decided (met or missed); null when none was decided. */
  onTimeRate: z.number().nullable(),
  onTimeByDeadline: z.array(z.object({ name: z.string(), met: z.number().int(), missed: z.number().int(), rate: z.number().nullable() })),
  /** Satisfied callbacks ÷ callbacks recorded; null when none. */
  satisfaction: z.number().nullable(),
  callbacks: z.number().int(),
  /** Mean minutes from receipt to closing, over the closed ones; null when none closed. */
  averageHandlingMinutes: z.number().nullable(),
  answeredOnSpot: z.number().int(),
  /** The month's targets when the period lies within one month and targets were set. */
  target: z.object({ handled: z.number().nullable(), onTimeRate: z.number().nullable(), satisfaction: z.number().nullable() }).nullable(),
});
export type AgentFiguresOutput = z.infer<typeof AgentFigures>;

export const ForecastQuery = z.object({
  /** First day forecast; default tomorrow. */
  from: businessDate().optional(),
  days: z.coerce.number().int().min(1).max(28).default(7),
  historyWeeks: z.coerce.number().int().min(1).max(26).default(8),
  serviceLevel: z.coerce.number().gt(0).lt(1).default(0.8),
  answerSeconds: z.coerce.number().int().min(1).max(600).default(20),
  /** Average handling time in seconds; default: measured from the on-the-spot answers in the history. */
  ahtSeconds: z.coerce.number().int().min(10).max(7200).optional(),
  unitId: id().optional(),
});
export type ForecastQuery = z.infer<typeof ForecastQuery>;

export const ForecastView = z.object({
  from: z.string(),
  historyFrom: z.string(),
  historyTo: z.string(),
  ahtSeconds: z.number(),
  ahtSource: z.enum(['measured', 'given', 'default']),
  serviceLevel: z.number(),
  answerSeconds: z.number(),
  days: z.array(
    z.object({
      date: z.string(),
      weekday: z.number().int(),
      working: z.boolean(),
      basis: z.string(),
      basisDays: z.number().int(),
      total: z.number(),
      peakAgents: z.number().int(),
      slots: z.array(z.object({ start: z.string(), arrivals: z.number(), agents: z.number().int(), serviceLevel: z.number() })),
    }),
  ),
  error: z.object({ days: z.number().int(), actual: z.number(), forecast: z.number(), wape: z.number().nullable() }),
  scheduled: z.array(z.object({ date: z.string(), shift: Shift, agents: z.number().int(), required: z.number().int() })),
});
