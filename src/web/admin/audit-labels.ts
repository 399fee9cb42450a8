// Audit action and subject-type labels (中文, English) for the codes the foundation records (grep recordAudit);
// codes of other modules show as they are until labelled here.
export const ACTIONS: Record<string, [string, string]> = {
  'auth.login': ['登录', 'Signed in'],
  'auth.login_failed': ['登录失败', 'Failed sign-in'],
  'auth.logout': ['退出登录', 'Signed out'],
  'auth.password_change': ['修改密码', 'Changed password'],
  'unit.create': ['新建单位', 'Created unit'],
  'unit.update': ['修改单位', 'Edited unit'],
  'unit.delete': ['删除单位', 'Deleted unit'],
  'user.create': ['新建用户', 'Created user'],
  'user.create_admin': ['创建管理员', 'Created administrator'],
  'user.update': ['修改用户', 'Edited user'],
  'user.password_reset': ['重置密码', 'Reset password'],
  'demo.seed': ['初始化演示数据', 'Seeded demo data'],
};
export const SUBJECTS: Record<string, [string, string]> = {
  unit: ['单位', 'Unit'],
  user: ['用户', 'User'],
  system: ['系统', 'System'],
};

/** The label of a code in the chosen language, or the code itself when it has none. */
export const labelOf = (table: Record<string, [string, string]>, code: string, lang: 'zh' | 'en') => {
  const pair = table[code];
  return pair ? (lang === 'zh' ? pair[0] : pair[1]) : code;
};
