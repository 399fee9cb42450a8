import { parseArgs } from 'node:util';
import { systemClock } from '../../platform/clock';
import { loadConfig } from '../../platform/config';
import { openDatabase } from '../../platform/db/database';
import { migrateToLatest } from '../../platform/db/migrator';
import { newId } from '../../platform/ids';
import { recordAudit } from '../audit/audit.service';
import { hashPassword, validatePasswordStrength } from './password';

// `npm run create-admin -- --username root --password '…' [--name 管理员] [--unit 'Org name']`
// Makes the first administrator of a production install (where nothing is seeded and no default password exists).
const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string', default: '系统管理员' },
    unit: { type: 'string', default: '本单位' },
  },
});
const password = values.password ?? '';
if (!values.username || validatePasswordStrength(password)) {
  console.error('Usage: npm run create-admin -- --username NAME --password PASSWORD(8+ chars) [--name 显示名] [--unit 顶级单位名]');
  process.exit(2);
}
const config = loadConfig();
const { db, dialect, close } = openDatabase(config);
try {
  await migrateToLatest(db as never, dialect);
  const hash = await hashPassword(password);
  const at = systemClock.now().toISOString();
  await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('users').select('id').where('username', '=', values.username!).executeTakeFirst()) {
      throw new Error(`user ${values.username} already exists`);
    }
    let root = await trx.selectFrom('units').selectAll().where('parent_id', 'is', null).orderBy('created_at').executeTakeFirst();
    if (!root) {
      const id = newId();
      root = { id, parent_id: null, path: `/${id}/`, kind: 'company', name: values.unit!, code: null, attrs: '{}', created_at: at, updated_at: at, version: 1 };
      await trx.insertInto('units').values({ ...root }).execute();
    }
    const id = newId();
    await trx.insertInto('users').values({ id, username: values.username!, display_name: values.name!, unit_id: root.id, email: null, phone: null, password_hash: hash, active: 1, created_at: at, updated_at: at }).execute();
    await trx.insertInto('user_roles').values({ user_id: id, role: 'admin', unit_id: root.id }).execute();
    await recordAudit(trx, { at, actor: null, action: 'user.create_admin', subjectType: 'user', subjectId: id, unitId: root.id, note: 'created by npm run create-admin' });
  });
  console.log(`Administrator ${values.username} created.`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await close();
}
