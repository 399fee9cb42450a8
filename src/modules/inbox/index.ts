// My work (我的待办) offers nothing to other modules: it reads theirs. Its route is wired by the composition root.
export type { InboxItem, InboxModule, InboxView } from './inbox.schemas';
