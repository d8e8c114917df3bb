import { type Command } from 'commander';
import { listTemplates, type TemplateListing } from '../../api';
import { collect, EXIT, type CommandContext } from '../context';
import { diagnosticsForJson, printDiagnostics } from '../report';

export function registerTemplates(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('templates')
    .description('list the policy templates, their review intervals and the placeholders they use')
    .option('-t, --templates <dir>', 'an extra template folder; repeat for more (later ones override)', collect, [])
    .option('-c, --config <file>', 'a config file (default: the nearest policygen.config.yaml)')
    .option('--json', 'print the list as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ policygen templates
  $ policygen templates -t ./my-templates --json`,
    )
    .action(async (flags: { templates: string[]; config?: string; json?: boolean }) => {
      const config = context.config(flags.config);
      const listing = await listTemplates({ cwd: io.cwd, templates: [...(config?.templates ?? []), ...flags.templates] });
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
