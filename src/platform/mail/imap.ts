import { lazy } from '../lazy';
import type { MailInConfig } from '../config';

// Reading a mailbox over IMAP (imapflow). Knows nothing of work orders: it hands back the raw messages after a
// UID; what they become is the intake's business (modules/workorders/workorders.mail.ts).

// imapflow (~1–2 s to load) only when a mailbox is polled (docs/performance.md "Start-up").
const loadImapFlow = lazy(() => import('imapflow'));

export interface FetchedMail {
  uid: number;
  /** The server's arrival time (INTERNALDATE), not the sender's Date header. */
  internalDate: Date | null;
  size: number;
  /** The raw RFC 5322 message; null when it is larger than `maxBytes` (not downloaded). */
  source: Buffer | null;
}

export interface MailBatch {
  /** The mailbox's UIDVALIDITY as decimal text (it is an unsigned 32-bit number, beyond SQL `integer`). */
  uidValidity: string;
  /** True when UIDVALIDITY differs from the one the caller knew: UIDs were renumbered, so this batch starts over. */
  reset: boolean;
  /** Messages with UID above the caller's, ascending, at most `limit`. */
  mails: FetchedMail[];
  /** More messages wait beyond this batch. */
  more: boolean;
}

export async function fetchNewMail(conf: MailInConfig, known: { uidValidity: string | null; lastUid: number }, opts: { limit: number; maxBytes: number; timeoutMs?: number }): Promise<MailBatch> {
  const { ImapFlow } = await loadImapFlow();
  const client = new ImapFlow({
    host: conf.host,
    port: conf.port,
    secure: conf.secure,
    auth: { user: conf.user, pass: conf.password },
    logger: false,
    connectionTimeout: opts.timeoutMs ?? 30_000,
    greetingTimeout: opts.timeoutMs ?? 30_000,
    socketTimeout: (opts.timeoutMs ?? 30_000) * 4,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock(conf.mailbox, { readOnly: true });
    try {
      const box = client.mailbox;
      const uidValidity = box ? String(box.uidValidity) : '0';
      const reset = known.uidValidity !== null && known.uidValidity !== uidValidity;
      const after = reset ? 0 : known.lastUid;
      // `n:*` always matches the newest message, even when its UID is below n: filter again.
      const found = await client.search({ uid: `${after + 1}:*` }, { uid: true });
      const uids = (found || []).filter((u) => u > after).sort((a, b) => a - b);
      const batch = uids.slice(0, opts.limit);
      const mails: FetchedMail[] = [];
      if (batch.length) {
        const meta = await client.fetchAll(batch, { uid: true, size: true, internalDate: true }, { uid: true });
        for (const m of meta.sort((a, b) => a.uid - b.uid)) {
          const size = m.size ?? 0;
          let source: Buffer | null = null;
          if (size <= opts.maxBytes) {
            const full = await client.fetchOne(String(m.uid), { uid: true, source: true }, { uid: true });
            source = full && full.source ? full.source : null;
          }
          const idate = m.internalDate;
          mails.push({ uid: m.uid, internalDate: idate ? new Date(idate) : null, size, source });
        }
      }
      return { uidValidity, reset, mails, more: uids.length > batch.length };
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
