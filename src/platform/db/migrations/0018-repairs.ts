import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { jsonType, tsType } from './util';

// The repair path of the call centre (报修, 抢修单; docs/callcenter.md "Emergency repairs"; 呼叫中心岗位职责 cl. 3.1(2)):
// the crew the team lead sent, when it arrived and when the repair was done, and what was done. One round at a
// time: a repair the callback did not confirm goes back to the crew, which clears arrival and completion; the
// earlier rounds stay in the timeline.
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema.alterTable('work_orders').addColumn('crew', jsonType).execute();
  await db.schema.alterTable('work_orders').addColumn('arrived_at', tsType).execute();
  await db.schema.alterTable('work_orders').addColumn('completed_at', tsType).execute();
  await db.schema.alterTable('work_orders').addColumn('repair_result', 'text').execute();
}
