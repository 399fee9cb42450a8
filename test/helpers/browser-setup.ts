import { afterEach } from 'vitest';
import { reportLiveBrowsers } from './browser';

// Setup of the browser project (vitest.config.ts): when a test fails, each page it was using is photographed and
// its recent API answers, console errors, visible dialogs and alerts are added to the failure, so a failure seen
// only in a CI log can be understood without running it again (test/helpers/browser.ts, Journal).
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const reports = await reportLiveBrowsers(task.name);
  // Into the error itself: the failure summary is the part of a CI log that is kept.
  const first = task.result.errors?.[0];
  if (first && reports.length > 0) first.message = `${first.message}\n${reports.join('\n')}`;
  else for (const report of reports) console.error(report);
});
