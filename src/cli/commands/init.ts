import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError, type CommandContext } from '../context';

const SCHEMA = resolve(__dirname, '..', '..', '..', 'schemas', 'organisation.schema.json');

export function registerInit(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('init')
    .description('write a commented starter organisation file')
    .argument('[file]', 'the file to write', 'organisation.yaml')
    .option('--force', 'overwrite the file if it exists')
    .addHelpText(
      'after',
      `
Examples:
  $ policygen init                      # writes organisation.yaml
  $ policygen init homes/ty-gwyn.yaml
  $ policygen init homes/ty-gwyn.yaml --force`,
    )
    .action((file: string, flags: { force?: boolean }) => {
      const { describeFsError } = require('../../load/read-text') as typeof import('../../load/read-text');
      const { displayPathFor } = require('../../load/display-path') as typeof import('../../load/display-path');
      const { writeFileAtomic } = require('../../write/atomic') as typeof import('../../write/atomic');
      const path = resolve(io.cwd, file);
      const shown = displayPathFor(path, io.cwd);
      try {
        const existing = statSync(path, { throwIfNoEntry: false });
        if (existing?.isDirectory())
          throw new UsageError(`${shown} is a folder; name the file to write, e.g. ${shown.replace(/\/$/, '')}/home.yaml`);
        // --force replaces an organisation file, never a device, a pipe or a socket.
        if (existing && !existing.isFile()) throw new UsageError(`${shown} is not a regular file; it will not be replaced`);
        if (existing && !flags.force) throw new UsageError(`${shown} already exists; use --force to overwrite it`);
        // Editors with the YAML language server check and complete the file against the schema.
        const schema = relative(dirname(path), SCHEMA).split(sep).join('/');
        writeFileAtomic(path, starterFile(schema, groupConfigFor(io.cwd)));
      } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(`cannot write ${shown}: ${describeFsError(error)}`);
      }
      io.stderr.write(`Wrote ${shown}. Fill it in, then run: policygen build ${shown}\n`);
      context.setExitCode(EXIT.ok);
    });
}

/**
 * The config file with a care group's defaults that `build` would read from here, if any:
 * a new home of the group must not override the group's languages and review settings
 * with a starter file's.
 */
function groupConfigFor(cwd: string): string | undefined {
  const { findConfigFile, loadConfigFile } = require('../../load/config-file') as typeof import('../../load/config-file');
  const path = findConfigFile(cwd);
  const loaded = path === undefined ? undefined : loadConfigFile(path, cwd).loaded;
  const data = loaded?.data;
  return data !== null && typeof data === 'object' && 'defaults' in data ? loaded!.file : undefined;
}

/**
 * A starter organisation file that is valid as it stands, with every field explained. For
 * a home of a care group (`groupConfig` names the config file with its defaults) it gives
 * only what each home has of its own, and shows the rest as comments.
 */
export function starterFile(schemaPath: string, groupConfig?: string): string {
  if (groupConfig !== undefined) return groupStarterFile(schemaPath, groupConfig);
  return `# yaml-language-server: $schema=${schemaPath}
# An organisation file for policygen. Fill in your organisation's facts, then run
#   policygen build <this file>
# Lines starting with # are comments.

organisation:
  # The name as it should appear on every policy.
  name: Your Care Home
  # The registration number from Care Inspectorate Wales. Keep the quotes: they keep
  # leading zeros.
  registration_no: "W0000000"
  # Your logo, a PNG or JPEG file, relative to this file. Remove the # to use it.
  # logo: ./logo.png
  registered_manager:
    first_name: First
    last_name: Last
  # The responsible individual (RI), who approves the policies in their document-control
  # table. Without it, the registered manager is named as approving them.
  # responsible_individual: First Last
  # Add any further fields your own templates use, for example:
  # safeguarding_lead: Name Surname
  # address:
  #   street: 1 High Street
  #   town: Bangor

review:
  # The date of the last review, YYYY-MM-DD. Leave it out to date the policies on the
  # day they are built.
  # last_reviewed: 2026-04-01
  # Months between reviews, 1 to 12 (12 is annual, the default).
  interval_months: 12
  # Each policy's own review record, by template id (see: policygen templates). When you
  # review one policy, give its date here, so the other policies keep theirs.
  # policies:
  #   social-media:
  #     last_reviewed: 2026-06-15              # this policy's last review
  #     reviewed_by: First Last                # default: the registered manager
  #     approved_by: First Last                # default: the responsible individual
  #     changes: Added guidance on WhatsApp    # what changed, in a few words
  #     interval_months: 6                     # review it more often than the rest
  # Events that bring reviews forward.
  # triggers:
  #   - date: 2026-09-01
  #     reason: New CIW guidance on digital safeguarding
  #     policies: [social-media]   # leave out to mean every policy

# The languages to build every policy in, the preferred first: [en] for English,
# [cy] for Welsh, [cy, en] for both (each policy then comes in a Welsh and an English file).
languages: [en]

# Which of the library's policies this home has; leave it out for every one.
# policies:
#   include: [social-media]      # only these; or exclude: [minibus] for all but these
`;
}

function groupStarterFile(schemaPath: string, groupConfig: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# A home of a care group, for policygen. The defaults in ${groupConfig} give every field
# this file leaves out (the group's logo, languages, review dates and triggers); a value
# written here wins over the group's, for this home only. Fill in the home's own facts,
# then run
#   policygen build <this file>
# Lines starting with # are comments.

organisation:
  # The name as it should appear on every policy.
  name: Your Care Home
  # The registration number from Care Inspectorate Wales. Keep the quotes: they keep
  # leading zeros.
  registration_no: "W0000000"
  registered_manager:
    first_name: First
    last_name: Last
  # Any field this home has of its own, or does differently from the group, for example:
  # address:
  #   town: Bangor              # the group's other address fields still apply

# This home's own review settings and events, as well as the group's, for example:
# review:
#   last_reviewed: 2026-04-01
#   triggers:
#     - date: 2026-09-01
#       reason: New CIW guidance on digital safeguarding
#       policies: [social-media]

# This home's languages, if not the group's: [en], [cy] or [cy, en].
# languages: [cy, en]

# Which policies this home has, if not as the group chose; exclude: [] for every one.
# policies:
#   exclude: [minibus]
`;
}
