import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config';
import { BackupError } from './backup';

/**
 * The shared shell of `npm run backup` and `npm run restore` (docs/operations.md): one file option and `--force`,
 * the configuration, and the exit codes both document — 0 done, 1 failed, 2 usage or configuration, 3 refused
 * (a BackupError's own code).
 */
export async function runFileCommand(opts: {
  /** The option naming the file: `--out` for a backup, `--from` for a restore. */
  option: 'out' | 'from';
  usage: string;
  /** Prefix of the message when it fails. */
  failure: string;
  /** Does the work and returns the line to print. */
  run: (config: Config, file: string, force: boolean) => Promise<string>;
}): Promise<void> {
  let args;
  try {
    args = parseArgs({ options: { [opts.option]: { type: 'string' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } }).values;
  } catch (err) {
    console.error(`${message(err)}\n${opts.usage}`);
    process.exit(2);
  }
  const file = args[opts.option];
  if (args.help || typeof file !== 'string') {
    console.error(opts.usage);
    process.exit(args.help ? 0 : 2);
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(message(err));
    process.exit(2);
  }
  try {
    console.log(await opts.run(config, file, args.force === true));
  } catch (err) {
    console.error(`${opts.failure}: ${message(err)}`);
    process.exitCode = err instanceof BackupError ? err.exitCode : 1;
  }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
