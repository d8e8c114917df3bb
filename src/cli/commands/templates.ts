import type { Command } from 'commander';
import type { TemplateListing } from '../../api';
import { commonSettings, EXIT, withCommonOptions, type CommandContext, type CommonFlags } from '../context';
import { diagnosticsForJson, printDiagnostics } from '../report';

export function registerTemplates(program: Command, context: CommandContext): void {
  const { io } = context;
  const command = program
    .command('templates')
    .description('list the policy templates, their review intervals and the placeholders they use');
  withCommonOptions(command, { today: false })
    .addHelpText(
      'after',
      `
Examples:
  $ policygen templates
  $ policygen templates -t ./my-templates --json`,
    )
    .action(async (flags: CommonFlags) => {
      const { listTemplates } = require('../../api') as typeof import('../../api');
      const { options } = commonSettings(context, flags, { today: false });
      const listing = await listTemplates({ cwd: options.cwd, templates: options.templates });
      printDiagnostics(listing.diagnostics, io);
      if (flags.json)
        io.stdout.write(
          `${JSON.stringify({ command: 'templates', ...listing, diagnostics: diagnosticsForJson(listing.diagnostics) }, null, 2)}\n`,
        );
      else io.stdout.write(templatesText(listing));
      context.setExitCode(listing.ok ? EXIT.ok : EXIT.error);
    });
}

/** A readable listing: one block per template, then what the whole library needs. */
function templatesText(listing: TemplateListing): string {
  const lines: string[] = [];
  for (const template of listing.templates) {
    const source = template.builtIn ? 'built in' : template.file;
    const interval = template.reviewIntervalMonths ? `every ${template.reviewIntervalMonths} months` : 'annual';
    lines.push(`${template.id}  ${template.title}  (${interval}; ${source})`);
    lines.push(`  uses: ${template.placeholders.required.join(', ') || '(nothing)'}`);
    if (template.placeholders.optional.length > 0) lines.push(`  uses when present: ${template.placeholders.optional.join(', ')}`);
  }
  if (listing.templates.length > 0) {
    lines.push('');
    const { required, optional } = listing.organisationFields;
    lines.push(`Every organisation file needs, under organisation: ${required.join(', ') || '(nothing)'}`);
    if (optional.length > 0) lines.push(`Used when present: ${optional.join(', ')}`);
    lines.push('(A group\'s fields are joined by "_": registered_manager_first_name is registered_manager: first_name.)');
  }
  return `${lines.join('\n')}\n`;
}
