// Shapes the application detail page's parts share: the action a button runs and the body it sends.
import type { ApplicationActionInput, ApplicationView } from '../grading-api';

export type ActionName = ApplicationActionInput['action'];
/** A body without `action`/`version`: the page adds both, naming the version it read (optimistic concurrency). */
export type ActionBody<A extends ActionName> = Omit<Extract<ApplicationActionInput, { action: A }>, 'action' | 'version'>;
export type HiddenDangerView = ApplicationView['hiddenDangers'][number];
export type ObjectionView = ApplicationView['objections'][number];

export interface ActionProps {
  a: ApplicationView;
  can: (x: ActionName) => boolean;
  /** Runs the action; resolves to null when done, or to the error (a modal shows it and keeps what was typed). */
  run: <A extends ActionName>(name: A, body: ActionBody<A>) => Promise<unknown>;
}
