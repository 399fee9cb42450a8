// Request and response shapes of the grading module (docs/grading.md), shared with the web app
// (src/web/grading imports them from this path). The shapes the API documents are fixed; everything else may
// grow but not change. Split by the service that serves them; this file re-exports them all.

export * from './grading.schemas.common';
export * from './grading.schemas.mines';
export * from './grading.schemas.applications';
export * from './grading.schemas.supervision';
export * from './grading.schemas.templates';
export * from './grading.schemas.public';
