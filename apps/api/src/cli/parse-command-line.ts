/**
 * A subcommand's options and FILE arguments, strictly (an unknown option is refused): Node's
 * parseArgs, whose refusal ("Unknown option '--x'") becomes a UsageError that says what is wrong
 * first, then the subcommand's usage.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

export function parseCommandLine<Options extends ParseArgsOptionsConfig>(
  args: readonly string[],
  options: Options,
  usage: string,
  /** Throws a more helpful UsageError than parseArgs's for some refusals (see report-command.ts). */
  explainRefusal: () => void = () => undefined,
) {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, strict: true, options });
  } catch (error) {
    explainRefusal();
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}
