import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../helpers/test-app';

// Shared builders for the complaint-desk API suites (test/api/workorders*.api.test.ts).

export const QUALITY_COMPLAINT = {
  kind: 'complaint',
  channel: 'phone',
  category: 'quality',
  customerName: '上海联合汽配有限公司',
  customerCode: 'C-SH-001',
  contactName: '王经理',
  contactPhone: '13800001111',
  productCode: 'HR-M8-25',
  productName: 'M8×25 外六角螺栓',
  problem: '螺纹牙纹不良，通规不过',
  problemCategory: '牙纹不良',
  shipDate: '2026-02-20',
  shipQuantity: 10000,
  lotSize: 10000,
  defectCount: 120,
  foundAt: '进料检验',
} as const;

export interface Api {
  get(url: string, who: string): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown, who: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown, who: string): Promise<LightMyRequestResponse>;
  create(body: Record<string, unknown>, who?: string): Promise<{ id: string; number: string; version: number; severity: string | null; deadlines: { name: string; due: string; state: string }[] }>;
  act(id: string, action: string, who: string, extra?: Record<string, unknown>): Promise<LightMyRequestResponse>;
  /** Acts with the work order's current version; expects 200 and returns the view. */
  step(id: string, action: string, who: string, extra?: Record<string, unknown>): Promise<WorkOrder>;
  view(id: string, who?: string): Promise<WorkOrder>;
  /** Forget the session cookies (after moving the clock past the session lifetime). */
  relogin(): void;
}

export interface WorkOrder {
  id: string;
  number: string;
  status: string;
  version: number;
  severity: string | null;
  severityExplain: { packId: string; packVersion: number; proposed: string; reasons: { zh: string; en: string; ok: boolean }[]; facts: Record<string, unknown>; override: { level: string; reason: string; by: string } | null } | null;
  deadlines: { id: string; name: string; due: string; state: string; explain: string; pauses: { start: string; end: string | null }[]; extensions: { from: string; to: string; customerAgreement: string | null }[]; extensionRequest: { to: string } | null }[];
  timeline: { event: string; at: string; actorName: string | null; public: boolean; note: string | null }[];
  allowedActions: string[];
  report8d: { revision: number; status: string; reworkCount: number; history: unknown[] } | null;
  [k: string]: unknown;
}

export function api(t: TestApp): Api {
  const cookies = new Map<string, string>();
  const cookie = async (who: string) => {
    let c = cookies.get(who);
    if (!c) {
      c = await t.login(who);
      cookies.set(who, c);
    }
    return c;
  };
  const self: Api = {
    relogin() {
      cookies.clear();
    },
    async get(url, who) {
      return t.app.inject({ method: 'GET', url, headers: { cookie: await cookie(who) } });
    },
    async post(url, body, who, headers = {}) {
      return t.app.inject({ method: 'POST', url, payload: body as object, headers: { cookie: await cookie(who), ...headers } });
    },
    async put(url, body, who) {
      return t.app.inject({ method: 'PUT', url, payload: body as object, headers: { cookie: await cookie(who) } });
    },
    async create(body, who = 'agent') {
      const res = await self.post('/api/workorders', body, who);
      if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async view(id, who = 'admin') {
      const res = await self.get(`/api/workorders/${id}`, who);
      if (res.statusCode !== 200) throw new Error(`view failed: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async act(id, action, who, extra = {}) {
      const v = await self.view(id);
      return self.post(`/api/workorders/${id}/actions`, { action, version: v.version, ...extra }, who);
    },
    async step(id, action, who, extra = {}) {
      const res = await self.act(id, action, who, extra);
      if (res.statusCode !== 200) throw new Error(`${action} by ${who} failed: ${res.statusCode} ${res.body}`);
      return res.json();
    },
  };
  return self;
}

export const REPORT_8D = {
  d1Team: '生产部 刘强（组长）、品管部 张伟',
  d2Problem: 'M8×25 螺栓牙纹不良，客户进料检验通规不过，不良 120/10000',
  d3Containment: '库存 3 万件全检隔离，客户处在库品派员挑选',
  d4RootCause: '搓丝板磨损超出寿命，点检未覆盖',
  d5Actions: '更换搓丝板，寿命管理纳入点检表',
  d6Verification: '连续 3 批抽检合格',
  d7Prevention: '修订搓丝工序 SOP，增加首件牙规检验',
  d8Closure: '小组总结，表彰',
};
