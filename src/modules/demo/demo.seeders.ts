import type { DemoSeeder } from './demo.seed';

// Module seeders that add demo records to the demo world (one line per module).
export const demoSeeders: DemoSeeder[] = [];
