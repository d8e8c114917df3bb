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
      else io.stdout.write(templatesText(listing, io.cwd));
      context.setExitCode(listing.ok ? EXIT.ok : EXIT.error);
    });
}

/** A readable listing: one block per template, then what the whole library needs. */
function templatesText(listing: TemplateListing, cwd: string): string {
  const { isBuiltIn } = require('../../api') as typeof import('../../api');
  const lines: string[] = [];
  for (const template of listing.templates) {
    const interval = template.reviewIntervalMonths ? `every ${template.reviewIntervalMonths} months` : 'annual';
    const files = template.languages.map((language) => {
      const file = template.files[language]!;
      return `${language}: ${isBuiltIn(file, cwd) ? 'built in' : file}`;
    });
    lines.push(`${template.id}  ${template.title}  (${interval}; version ${template.version}; ${files.join(', ')})`);
    // One account of what the policy uses, unless its translations differ (TRANSLATION_DRIFT says more).
    const usages = template.languages.map((language) => [language, template.placeholdersByLanguage[language]!] as const);
    const same = usages.every(([, usage]) => JSON.stringify(usage) === JSON.stringify(usages[0]![1]));
    for (const [language, usage] of same ? [[undefined, template.placeholders] as const] : usages) {
      const label = language === undefined ? '' : ` (${language})`;
      lines.push(`  uses${label}: ${usage.required.join(', ') || '(nothing)'}`);
      if (usage.optional.length > 0) lines.push(`  uses when present${label}: ${usage.optional.join(', ')}`);
    }
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
