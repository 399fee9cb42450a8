import type { Trx } from '../../platform/db/database';
import { newId } from '../../platform/ids';
import type { DemoSeeder } from '../demo';
import * as repo from './knowledge.repository';
import { searchTextOf } from './knowledge.service';
import type { KnowledgeUse } from './knowledge.schemas';

// The demo company's 话术库 (docs/knowledge.md "Demo entries"): answers and scripts written from the complaint
// documents' own rules — what to say, what to ask for, which times to promise — each citing its clause. Kept on
// the company, so every department and the call centre reads them; the administrator of the company edits them.

interface DemoEntry {
  title: string;
  body: string;
  kinds: string[];
  category?: string;
  uses: KnowledgeUse[];
  keywords?: string;
}

// SMS texts carry no 【signature】: the provider adds the approved one (SMS_SIGN_NAME, docs/integrations.md "SMS").
export const DEMO_ENTRIES: DemoEntry[] = [
  {
    // 投诉处理机制 Art. 3(3)–(4): tell the customer of progress and of the result; the portal does it by the tracking number.
    title: '咨询：如何查询处理进度',
    body: '{客户}您好，您的反馈已登记，受理编号为 {受理编号}。您可以凭受理编号和登记的联系电话在 {查询网址} 随时查询处理进度，处理有进展和有结果时我们也会及时告知您。',
    kinds: [],
    // Not for a call being registered: its tracking number exists only once it is registered.
    uses: ['reply', 'sms'],
    keywords: '进度 查询 受理编号 门户',
  },
  {
    // 顾客抱怨办法 cl. 5.1.1: the minimum a quality complaint must carry, "否则品保部可不接受该投诉".
    title: '咨询：投诉需要提供哪些资料',
    body: '为便于尽快处理，请您提供：产品编号、不良现象、对应的出货日期及出货数量、不良率（或批量及不良数）、在哪个环节发现的问题；如有照片或检验报告请一并提供。资料齐全后我们会立即转品保部处理。',
    kinds: ['inquiry', 'complaint'],
    uses: ['call', 'reply'],
    keywords: '资料 证据 不良率 出货日期 品保',
  },
  {
    // 投诉作业流程 cl. 5.3.1 (3 working days; 重大: 8 working hours / 2 working days); 顾客抱怨办法 cl. 4.3.1 (24 h, 1 week), cl. 4.3.4 (tests and samples do not count).
    title: '咨询：投诉多久能处理完',
    body: '一般问题我们会在收到后 3 个工作日内答复处理结果；严重问题会在 24 小时内采取防堵措施，1 周内处理完毕。如需进行试验或制样分析，所需时间不计入上述时限，我们会事先与您沟通。',
    kinds: ['inquiry'],
    uses: ['call', 'reply'],
    keywords: '时限 多久 几天 期限',
  },
  {
    // The demo work order "询问 M8 8.8 级螺栓推荐扭矩" (answered on the spot); a product answer the call centre gives every week.
    title: '咨询：M8 8.8 级螺栓推荐拧紧扭矩',
    body: '8.8 级 M8 粗牙螺栓在干燥、无润滑的状态下，推荐拧紧扭矩约为 25 N·m；涂油或有润滑时请适当降低。具体以产品技术手册和贵司装配工艺要求为准。',
    kinds: ['inquiry'],
    uses: ['call', 'reply'],
    keywords: '扭矩 力矩 拧紧 M8 螺栓 技术手册',
  },
  {
    // 投诉处理机制 Art. 5(3): an inquiry not answered on the spot is registered and answered within 24 hours.
    title: '咨询：暂时无法当场答复',
    body: '{客户}您好，您咨询的问题需要向相关部门核实，我们会在 24 小时内给您答复，请保持电话畅通。',
    kinds: ['inquiry'],
    uses: ['call', 'sms'],
    keywords: '交期 核实 回复 24小时',
  },
  {
    // 投诉处理机制 Art. 3(1)–(2) (respond at once; the customer's feelings before the case) and Art. 6(1) item 1.1 (what to record).
    title: '受理：投诉来电开场（先处理心情）',
    body: '{客户}您好，非常抱歉给您带来了不便，您的心情我们完全理解。请您慢慢说，我会完整记录：问题发生的时间、地点、经过、涉及的人员和您的联系方式。登记后我们会马上转交处理，并及时告诉您进展。',
    kinds: ['complaint'],
    uses: ['call'],
    keywords: '开场 安抚 道歉 情绪',
  },
  {
    // 投诉处理制度 cl. 6.1: tell the customer the result, appease, ask for their view; cl. 6.3: a refused result is re-opened as an upgraded complaint.
    title: '答复：投诉处理结果',
    body: '{客户}您好，关于您 {受理日期} 反映的“{问题}”（受理编号 {受理编号}），经调查，原因是：（请填写调查结论）。我们已采取以下措施：（请填写纠正措施）。给您带来不便，深表歉意。如您对处理结果有任何意见，请随时与我们联系，我们会重新处理。',
    kinds: ['complaint'],
    uses: ['reply'],
    keywords: '答复 结果 原因 措施',
  },
  {
    // 投诉处理机制 Art. 5(2): the reply to a suggestion says whether it was adopted.
    title: '答复：客户建议',
    body: '{客户}您好，感谢您 {受理日期} 提出的宝贵建议。经公司研究，您的建议（已采纳／暂不采纳），具体情况如下：（请填写）。欢迎您继续关注并提出意见。',
    kinds: ['suggestion'],
    uses: ['reply'],
    keywords: '建议 采纳',
  },
  {
    // 投诉处理制度 cl. 4.1 and 4.4: not a valid complaint — thank the customer for the feedback and appease them.
    title: '答复：不构成投诉时的感谢与安抚',
    body: '{客户}您好，感谢您对我们的关注和提醒。经核实，您反映的情况属于（请说明原因），并非产品或服务的质量问题。您的意见对我们很重要，我们会持续改进；如仍有疑问，欢迎随时联系{经办人}。',
    kinds: ['complaint'],
    uses: ['reply'],
    keywords: '无效 感谢 安抚 误解',
  },
  {
    // 用户抱怨制度 cl. 7-2 (the callback asks whether the customer is satisfied with the result) and cl. 8-2 (within 3 days of the form's return).
    title: '回访：处理结果满意度',
    body: '您好，请问是{联系人}吗？我是{公司}客户关爱部的{经办人}。关于您 {受理日期} 反映的“{问题}”，我们已经答复了处理结果，今天特地回访：请问问题是否已经解决？您对我们的处理结果是否满意？还有什么需要我们改进的吗？',
    kinds: [],
    uses: ['callback'],
    keywords: '回访 满意度',
  },
  {
    // 用户抱怨制度 cl. 7-2: not satisfied → back to the service manager, until the customer is satisfied.
    title: '回访：客户不满意时',
    body: '非常抱歉处理结果没有让您满意。请问您主要是对哪方面不满意？我会如实记录，马上转交服务经理重新处理，处理后再与您联系，直到您满意为止。',
    kinds: [],
    uses: ['callback'],
    keywords: '不满意 重新处理',
  },
  {
    // 投诉处理机制 Art. 3(1) and 3(3): respond at once and tell the customer of progress.
    title: '短信：受理通知',
    body: '{客户}您好，您的反馈已受理，受理编号 {受理编号}，我们将于 {答复期限} 前答复您。进度查询：{查询网址}',
    kinds: [],
    uses: ['sms'],
    keywords: '短信 受理 通知',
  },
  {
    // 顾客抱怨办法 cl. 4.3.4: time for tests and samples does not count, once the customer has been told.
    title: '短信：试验及制样告知',
    body: '{客户}您好，您反映的问题（受理编号 {受理编号}）需进行试验及制样分析，所需时间不计入处理时限，结果出来后我们将第一时间告知您。',
    kinds: ['complaint'],
    category: 'quality',
    uses: ['sms', 'reply'],
    keywords: '试验 制样 暂停 告知',
  },
];

/** The demo entries, written by the company's administrator at seeding time. */
export const seedKnowledge: DemoSeeder = async (_ctx, trx: Trx, { units, users, now }) => {
  const at = now.toISOString();
  for (const e of DEMO_ENTRIES) {
    const keywords = e.keywords ?? '';
    await repo.insertEntry(trx, {
      id: newId(now.getTime()),
      unit_id: units.company.id,
      unit_path: units.company.path,
      title: e.title,
      body: e.body,
      kinds: JSON.stringify(e.kinds),
      category: e.category ?? null,
      uses: JSON.stringify(e.uses),
      keywords,
      active: 1,
      last_used_at: null,
      search_text: searchTextOf({ title: e.title, keywords, body: e.body }),
      created_at: at,
      created_by: users.admin,
      created_by_name: '系统管理员',
      updated_at: at,
      updated_by: users.admin,
      updated_by_name: '系统管理员',
    });
  }
};
