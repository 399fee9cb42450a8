// What other modules may use of demo: the seeder signature a module implements to add its part of the demo
// world; the composition root lists the seeders and runs `seedDemo`.
export { DEMO_PASSWORD, DEMO_USERNAMES, isEmpty, seedDemo, type DemoSeeder, type DemoUnits, type DemoUsers } from './demo.seed';
