// Pure grading rules (docs/grading.md): scoring, dates and bans, supervision proposals, the pipeline, extension.
export * from './scoring';
export * from './dates';
export * from './levels';
export * from './supervision';
export * from './pipeline';
export * from './extension';
export * from './self-inspection';
export * from './history';
