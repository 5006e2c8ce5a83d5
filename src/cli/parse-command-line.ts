// Turns argv into a validated command invocation using the command table. Usage errors become
// ReadoutError E_USAGE, which the CLI prints as one line and exits with 2.
import { parseArgs } from 'node:util';
import { ReadoutError } from '../domain/index.js';
import { COMMANDS, findCommand, type CommandSpec } from './command-table.js';

export type Invocation =
  | { kind: 'help'; command: CommandSpec | null }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandSpec; options: Record<string, unknown>; positionals: string[] };

export function parseCommandLine(argv: string[]): Invocation {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' && rest[0] ? findCommand(rest[0]) : undefined;
    return { kind: 'help', command: target ?? null };
  }
  if (name === '--version' || name === '-v') return { kind: 'version' };
  const command = findCommand(name);
  if (!command) {
    throw new ReadoutError('E_USAGE', `unknown command "${name}"; run \`readout --help\` to see ${COMMANDS.map((c) => c.name).join(', ')}`);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
    for (const [key, spec] of Object.entries(command.options)) {
      options[key] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
    }
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new ReadoutError('E_USAGE', `${(e as Error).message.split('\n')[0]}; run \`readout ${name} --help\``);
  }
  if (parsed.values.help) return { kind: 'help', command };
  const { help: _help, ...values } = parsed.values as Record<string, unknown>;
  const positionals = parsed.positionals;
  const { min, max } = command.positionals;
  if (positionals.length < min || (max !== null && positionals.length > max)) {
    const want = max === null ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
    throw new ReadoutError('E_USAGE', `${name} takes ${want} argument(s) (${command.positionals.name || 'none'}), got ${positionals.length}; usage: ${command.usage}`);
  }
  if (command.subcommands && positionals[0] && !command.subcommands.includes(positionals[0])) {
    throw new ReadoutError('E_USAGE', `unknown ${name} subcommand "${positionals[0]}"; use one of ${command.subcommands.join(', ')}`);
  }
  const result = command.schema.safeParse(values);
  if (!result.success) {
    const issue = result.error.issues[0];
    const flag = issue?.path[0] !== undefined ? `--${String(issue.path[0])}: ` : '';
    throw new ReadoutError('E_USAGE', `${flag}${issue?.message ?? 'invalid option'}; run \`readout ${name} --help\``);
  }
  return { kind: 'run', command, options: result.data as Record<string, unknown>, positionals };
}
