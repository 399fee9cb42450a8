// The names of the API's fields in words, for the places that list a server's field errors by name rather than
// under the form field itself (an error summary, a live check of a sheet). With 中文 chosen the user reads
// 产品编码, never `productCode` (docs/web.md#languages). Forms that mark the field itself need none of this.
import type { Lang } from './i18n';

const FIELD_LABELS: Record<string, [string, string]> = {
  // Work orders (客诉)
  kind: ['类型', 'Kind'],
  channel: ['来源渠道', 'Channel'],
  category: ['投诉类别', 'Category'],
  receivedAt: ['收到时间', 'Received'],
  customerName: ['客户名称', 'Customer'],
  customerCode: ['客户编码', 'Customer code'],
  contactName: ['联系人', 'Contact'],
  contactPhone: ['联系电话', 'Phone'],
  contactEmail: ['联系邮箱', 'E-mail'],
  productCode: ['产品编码', 'Product code'],
  productName: ['产品名称', 'Product name'],
  problem: ['问题描述', 'Problem'],
  problemCategory: ['问题类别', 'Problem category'],
  description: ['事情经过', 'Course of events'],
  shipDate: ['出货日期', 'Ship date'],
  shipQuantity: ['出货数量', 'Quantity shipped'],
  lotSize: ['批量', 'Lot size'],
  defectCount: ['不良数', 'Defects'],
  defectRate: ['不良率', 'Defect rate'],
  foundAt: ['发现地点', 'Where found'],
  answer: ['当场答复', 'Answer'],
  answeredOnSpot: ['当场答复', 'Answered on the spot'],
  departmentId: ['责任部门', 'Department'],
  deadline: ['期限', 'Deadline'],
  adopted: ['是否采纳', 'Adopted'],
  offer: ['补偿', 'Offer'],
  amount: ['金额', 'Amount'],
  promisedReplyDate: ['承诺答复日期', 'Promised reply date'],
  replyText: ['答复内容', 'Reply'],
  // Grading (定级)
  authorityId: ['主管部门', 'Authority'],
  mineId: ['煤矿', 'Mine'],
  enterpriseId: ['所属企业', 'Enterprise'],
  provinceId: ['所在省份', 'Province'],
  mineType: ['煤矿类型', 'Mine type'],
  currentLevel: ['申报等级', 'Level applied for'],
  targetLevel: ['申报等级', 'Level applied for'],
  standard: ['评分标准', 'Standard'],
  partScores: ['分项得分', 'Part scores'],
  weightedScore: ['加权总分', 'Weighted total'],
  selfAssessment: ['自评', 'Self-assessment'],
  attachmentIds: ['证明材料', 'Evidence'],
  evidence: ['证明材料', 'Evidence'],
  facts: ['判定事实', 'Facts'],
  basicConditionsMet: ['基本条件', 'Basic conditions'],
  items: ['评分项', 'Items'],
  score: ['得分', 'Score'],
  weights: ['权重', 'Weights'],
  inspectedOn: ['检查日期', 'Inspected on'],
  occurredOn: ['发生日期', 'Occurred on'],
  publishedAt: ['发布时间', 'Published'],
  stopProductionOrder: ['停产指令', 'Stop-production order'],
  class: ['等级', 'Class'],
  entries: ['条目', 'Entries'],
  // Accountability, staff, admin
  responsibleUserId: ['责任人', 'Responsible person'],
  level: ['等级', 'Level'],
  unitId: ['单位', 'Unit'],
  unit: ['单位', 'Unit'],
  username: ['用户名', 'Username'],
  displayName: ['姓名', 'Name'],
  password: ['密码', 'Password'],
  currentPassword: ['当前密码', 'Current password'],
  newPassword: ['新密码', 'New password'],
  email: ['邮箱', 'E-mail'],
  phone: ['电话', 'Phone'],
  active: ['启用', 'Active'],
  roles: ['角色', 'Roles'],
  name: ['名称', 'Name'],
  // Common
  date: ['日期', 'Date'],
  from: ['开始', 'From'],
  to: ['结束', 'To'],
  until: ['截至', 'Until'],
  period: ['期间', 'Period'],
  reason: ['原因', 'Reason'],
  note: ['备注', 'Note'],
  file: ['文件', 'File'],
  year: ['年度', 'Year'],
  asOf: ['判定日', 'As of'],
  body: ['请求内容', 'Request'],
  querystring: ['查询条件', 'Query'],
};

/**
 * A server field path in words: 'productCode' → 产品编码, 'partScores.通风' → 分项得分 · 通风,
 * 'items.2.score' → 评分项 · 第 3 项 · 得分. A segment with no label (a part's own name) is kept as written.
 */
export function fieldLabel(path: string, lang: Lang): string {
  return path
    .split('.')
    .filter(Boolean)
    .map((seg) => {
      if (/^\d+$/.test(seg)) return lang === 'zh' ? `第 ${Number(seg) + 1} 项` : `#${Number(seg) + 1}`;
      const l = FIELD_LABELS[seg];
      return l ? (lang === 'zh' ? l[0] : l[1]) : seg;
    })
    .join(' · ');
}
