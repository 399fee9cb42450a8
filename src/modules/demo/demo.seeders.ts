import type { DemoSeeder } from './demo.seed';
import { seedGradingDemo } from '../grading/grading.seed';
import { seedWorkOrders } from '../workorders/workorders.seed';

// Module seeders that add demo records to the demo world (one line per module).
export const demoSeeders: DemoSeeder[] = [seedGradingDemo, seedWorkOrders];
