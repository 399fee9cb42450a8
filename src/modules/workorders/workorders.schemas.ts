// Request and response shapes of the complaint desk, shared with the web app (src/web imports this file only, as
// types). Stable contract: fields may be added, never renamed or removed. The shapes live by topic in
// workorders.schemas.*.ts; this file re-exports every one of them.

export * from './workorders.schemas.codes';
export * from './workorders.schemas.register';
export * from './workorders.schemas.intake';
export * from './workorders.schemas.actions';
export * from './workorders.schemas.reports';
export * from './workorders.schemas.mail';
export * from './workorders.schemas.desk';
export * from './workorders.schemas.quality';
export * from './workorders.schemas.sms';
