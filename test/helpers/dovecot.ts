import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

// A real IMAP server for the mail-intake tests (docs/integrations-mail.md "Tests"): Debian's dovecot-imapd with a
// minimal configuration written into a temporary directory — plain-text login on 127.0.0.1 at a free port, one
// test user from a passwd-file, Maildir storage in the same directory. Nothing outside the directory is touched.

export const DOVECOT_BINARY = '/usr/sbin/dovecot';
export const dovecotAvailable = existsSync(DOVECOT_BINARY);

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Append one raw RFC 5322 message to a mailbox (INBOX by default), as a mail server delivering it would. */
  append(raw: string | Buffer, opts?: { mailbox?: string; internalDate?: Date }): Promise<void>;
  /** Dovecot's output and log, for a failure message. */
  log(): Promise<string>;
  /** The mailbox's UIDVALIDITY. */
  uidValidity(mailbox?: string): Promise<bigint>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function passwdEntry(name: string): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no user ${name} in /etc/passwd`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function waitForGreeting(port: number, timeoutMs: number, log: () => Promise<string>): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1');
      sock.once('data', (d) => {
        sock.destroy();
        resolve(d.toString().startsWith('* OK'));
      });
      sock.once('error', () => resolve(false));
      sock.setTimeout(1000, () => {
        sock.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`dovecot did not answer on port ${port}:\n${await log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `dovecot -F -c <conf>` on a free port with one user; `stop()` kills it and removes the directory. */
export async function startDovecot(): Promise<Dovecot> {
  const dir = await mkdtemp(join(tmpdir(), 'gauge-dovecot-'));
  // Dovecot's login and auth processes run as its own users; they must be able to reach the sockets and files.
  await chmod(dir, 0o755);
  const port = await freePort();
  const user = 'intake';
  const password = 'intake-secret';
  // Dovecot never runs a mail process as root (UID 0 is refused); the tests run as root in CI, so the mailbox then
  // belongs to `nobody`, which exists on every Debian machine.
  const me = userInfo();
  const owner = me.uid === 0 ? await passwdEntry('nobody') : { uid: me.uid, gid: me.gid };
  for (const sub of ['run', 'state', 'mail']) await mkdir(join(dir, sub), { recursive: true });
  await chown(join(dir, 'mail'), owner.uid, owner.gid);
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${password}:${owner.uid}:${owner.gid}::${join(dir, 'mail', user)}\n`);
  const conf = `
protocols = imap
listen = 127.0.0.1
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
log_path = ${join(dir, 'dovecot.log')}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${join(dir, 'mail', '%u')}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${join(dir, 'passwd')}
}
userdb {
  driver = passwd-file
  args = ${join(dir, 'passwd')}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
  const confPath = join(dir, 'dovecot.conf');
  await writeFile(confPath, conf);
  const proc: ChildProcess = spawn(DOVECOT_BINARY, ['-F', '-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const log = async () => `${output}\n${await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '')}`;
  try {
    await waitForGreeting(port, 10_000, log);
  } catch (e) {
    proc.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw e;
  }

  const withClient = async <T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.logout().catch(() => undefined);
    }
  };

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async append(raw, opts = {}) {
      await withClient(async (c) => {
        await c.append(opts.mailbox ?? 'INBOX', raw, [], opts.internalDate);
      });
    },
    log,
    async uidValidity(mailbox = 'INBOX') {
      return withClient(async (c) => {
        const st = await c.status(mailbox, { uidValidity: true });
        return BigInt((st && st.uidValidity) || 0);
      });
    },
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
