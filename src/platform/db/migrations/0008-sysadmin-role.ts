import { sql, type Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';

// The installation-wide administrator (role `sysadmin`, docs/admin.md). Before it, holding `admin` on any
// top-level unit carried installation-wide powers, so the national authority's administrator could read the
// company's audit and publish its complaint policy. The role is a row in user_roles like any other; this
// migration hands it to the accounts that were meant to have it: the administrators made by `create-admin` and
// the demo's `admin`, each on the unit where they hold `admin` at home. Everyone else keeps only their subtree.
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await sql`
    INSERT INTO user_roles (user_id, role, unit_id)
    SELECT ur.user_id, 'sysadmin', ur.unit_id
    FROM user_roles ur
    JOIN users u ON u.id = ur.user_id AND u.unit_id = ur.unit_id
    WHERE ur.role = 'admin'
      AND (
        ur.user_id IN (SELECT subject_id FROM audit_log WHERE action = 'user.create_admin' AND subject_id IS NOT NULL)
        OR (u.username = 'admin' AND EXISTS (SELECT 1 FROM audit_log WHERE action = 'demo.seed'))
      )
    ON CONFLICT DO NOTHING
  `.execute(db);
}

