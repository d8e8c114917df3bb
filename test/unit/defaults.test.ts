import { parseOrganisationText, parseYamlSource } from '../../src/load';
import { scheduleReview } from '../../src/schedule';
import {
  checkGroupDefaults,
  groupDefaultsOf,
  logoPathOf,
  mergeWithDefaults,
  policiesFor,
  validateConfig,
  validateOrganisation,
  type GroupDefaults,
} from '../../src/validate';

/**
 * A care group's defaults merged into each home: the home's own value wins, groups of fields
 * merge field by field, triggers add up, and every problem points at the file and line the
 * value was written on.
 */
const TEMPLATES = ['social-media', 'minibus', 'visiting'].map((id) => ({ id, file: `templates/${id}.md` }));

function defaultsFrom(text: string): GroupDefaults {
  const { yaml, diagnostics } = parseYamlSource(text, 'policygen.config.yaml');
  expect(diagnostics).toEqual([]);
  const loaded = {
    file: 'policygen.config.yaml',
    absolutePath: '/group/policygen.config.yaml',
    yaml,
    data: yaml.document.toJS() as unknown,
  };
  expect(validateConfig(loaded).diagnostics).toEqual([]);
  return groupDefaultsOf(loaded)!;
}

function home(text: string, defaults: GroupDefaults, name = 'ty-gwyn') {
  const parsed = parseOrganisationText(text, `/group/homes/${name}.yaml`, `homes/${name}.yaml`);
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  return validateOrganisation(mergeWithDefaults(parsed.loaded, defaults), TEMPLATES);
}

/** `file:line:column CODE message`: what a user sees of each diagnostic. */
const seen = (diagnostics: ReadonlyArray<{ file: string; line?: number; column?: number; code: string; message: string }>) =>
  diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);

const GROUP = [
  'defaults:',
  '  organisation:',
  '    name: Glannau Care',
  '    group_name: Glannau Care Group',
  '    registered_manager:',
  '      first_name: Rhys',
  '      last_name: Morgan',
  '    complaints:',
  '      email: complaints@glannau.example',
  '      phone: "01970 000000"',
  '  review:',
  '    last_reviewed: 2026-04-01',
  '    triggers:',
  '      - date: 2026-10-01',
  '        reason: New legislation for every home',
  '  languages: [cy, en]',
  '  policies:',
  '    exclude: [minibus]',
  '',
].join('\n');

describe('merging a group’s defaults into a home', () => {
  const defaults = defaultsFrom(GROUP);

  test('a home’s own scalar wins; what it leaves out comes from the group', () => {
    const { organisation, diagnostics } = home('organisation:\n  name: Tŷ Gwyn\n  registration_no: "W0012345"\n', defaults);
    expect(diagnostics).toEqual([]);
    expect(organisation!.fields).toEqual({
      name: 'Tŷ Gwyn',
      group_name: 'Glannau Care Group',
      registered_manager: { first_name: 'Rhys', last_name: 'Morgan' },
      complaints: { email: 'complaints@glannau.example', phone: '01970 000000' },
      registration_no: 'W0012345',
    });
    expect(organisation!.review.lastReviewed).toBe('2026-04-01');
  });

  test('a group of fields merges field by field: a home may give just one of its fields', () => {
    const { organisation } = home(
      'organisation:\n  registration_no: "W1"\n  complaints:\n    phone: "01970 111111"\n  registered_manager:\n    first_name: Siân\n',
      defaults,
    );
    expect(organisation!.fields.complaints).toEqual({ email: 'complaints@glannau.example', phone: '01970 111111' });
    expect(organisation!.fields.registered_manager).toEqual({ first_name: 'Siân', last_name: 'Morgan' });
  });

  test('review.triggers add up: the home’s own first, then the group’s, each saying whose it is', () => {
    const { organisation } = home(
      [
        'organisation:',
        '  registration_no: "W1"',
        'review:',
        '  last_reviewed: 2026-06-01',
        '  triggers:',
        '    - date: 2026-09-01',
        '      reason: A new minibus',
        '      policies: [minibus]',
      ].join('\n'),
      defaults,
    );
    expect(organisation!.review.triggers).toEqual([
      { date: '2026-09-01', reason: 'A new minibus', policies: ['minibus'], origin: 'home' },
      { date: '2026-10-01', reason: 'New legislation for every home', origin: 'group' },
    ]);
    // The home's own last review wins over the group's.
    expect(organisation!.review.lastReviewed).toBe('2026-06-01');
    const schedule = scheduleReview(organisation!.review, { id: 'social-media' }, '2026-07-01');
    expect(schedule).toMatchObject({ nextReview: '2026-10-01', reason: { kind: 'trigger', origin: 'group', index: 1 } });
  });

  test('languages: the group’s apply to a home that gives none; a home’s own (or its old locale) replaces them whole', () => {
    const registered = 'organisation:\n  registration_no: "W1"\n';
    expect(home(registered, defaults).organisation!.languages).toEqual(['cy', 'en']);
    expect(home(`${registered}languages: [en]\n`, defaults).organisation!.languages).toEqual(['en']);
    const old = home(`${registered}locale: cy\n`, defaults);
    expect(old.organisation!.languages).toEqual(['cy']);
    expect(seen(old.diagnostics)).toEqual([
      'homes/ty-gwyn.yaml:3:1 DEPRECATED_FIELD locale is how policygen 0.1 wrote the language; it still reads locale: cy as languages: [cy]',
    ]);
  });

  test('policies: the group’s choice applies to every home; a home’s own replaces it whole', () => {
    const registered = 'organisation:\n  registration_no: "W1"\n';
    const ids = (text: string) => policiesFor(home(text, defaults).organisation!, TEMPLATES).map((t) => t.id);
    expect(ids(registered)).toEqual(['social-media', 'visiting']);
    expect(ids(`${registered}policies:\n  exclude: []\n`)).toEqual(['social-media', 'minibus', 'visiting']);
    expect(ids(`${registered}policies:\n  include: [minibus]\n`)).toEqual(['minibus']);
  });

  test('a home’s value of another kind replaces the group’s whole, and its mistake is at the home', () => {
    const { diagnostics } = home('organisation:\n  registration_no: "W1"\n  complaints: 01970 000000\n', defaults);
    expect(seen(diagnostics)).toEqual([]);
    // An empty value is the home's too: never a silent fall-back to the group's.
    expect(seen(home('organisation:\n  registration_no: "W1"\n  complaints:\n', defaults).diagnostics)).toEqual([
      'homes/ty-gwyn.yaml:3:14 TYPE_MISMATCH organisation.complaints must be text or a group of indented fields, not empty',
    ]);
    const wrong = home('organisation:\n  registration_no: "W1"\n  complaints: 5\n', defaults);
    expect(seen(wrong.diagnostics)).toEqual([
      'homes/ty-gwyn.yaml:3:15 TYPE_MISMATCH organisation.complaints must be text or a group of indented fields, not the number 5',
    ]);
  });

  test('a required field missing from the home and the group alike is reported at the home', () => {
    const { diagnostics } = home('organisation:\n  name: Tŷ Gwyn\n', defaults);
    expect(seen(diagnostics)).toEqual(['homes/ty-gwyn.yaml:1:1 REQUIRED_FIELD_MISSING organisation is missing "registration_no"']);
    // Even when the home gives no organisation section at all.
    expect(seen(home('languages: [en]\n', defaults).diagnostics)).toEqual([
      'homes/ty-gwyn.yaml:1:1 REQUIRED_FIELD_MISSING organisation is missing "registration_no"',
    ]);
  });

  test('problems a home and its group’s values make together point at the file each value came from', () => {
    // A home's field that becomes the same placeholder as a group's: said at the home's, the one that differs.
    const clash = home('organisation:\n  registration_no: "W1"\n  complaints_email: x@y.example\n', defaults);
    expect(seen(clash.diagnostics)).toEqual([
      'homes/ty-gwyn.yaml:3:3 FIELD_NAME_CLASH organisation.complaints_email and organisation.complaints.email both become {{org_field_complaints_email}}',
    ]);
    // A group trigger dated before the group's own last review changes nothing: said at the config file.
    const early = defaultsFrom(GROUP.replace('date: 2026-10-01', 'date: 2026-03-01'));
    expect(seen(home('organisation:\n  registration_no: "W1"\n', early).diagnostics)).toEqual([
      'policygen.config.yaml:14:15 TRIGGER_BEFORE_LAST_REVIEW this trigger (2026-03-01) is not after the last review (2026-04-01), which answers it, so it changes nothing',
    ]);
    // ... but not for a home that has reviewed since: it has simply done its review.
    expect(home('organisation:\n  registration_no: "W1"\nreview:\n  last_reviewed: 2026-11-01\n', defaults).diagnostics).toEqual([]);
    // Nor when the home's own record of one policy's review answers a group trigger for that policy.
    const forOne = defaultsFrom(
      GROUP.replace('reason: New legislation for every home', 'reason: New legislation\n        policies: [social-media]'),
    );
    const recorded = 'organisation:\n  registration_no: "W1"\nreview:\n  policies:\n    social-media: { last_reviewed: 2026-11-01 }\n';
    expect(seen(home(recorded, forOne).diagnostics)).toEqual([]);
  });

  test('the logo of the defaults is relative to the config file; a home’s own to the home', () => {
    const withLogo = defaultsFrom(GROUP.replace('    group_name:', '    logo: logos/glannau.png\n    group_name:'));
    expect(logoPathOf(home('organisation:\n  registration_no: "W1"\n', withLogo).organisation!)).toBe('/group/logos/glannau.png');
    expect(logoPathOf(home('organisation:\n  registration_no: "W1"\n  logo: own.png\n', withLogo).organisation!)).toBe(
      '/group/homes/own.png',
    );
  });

  test('"__proto__" in a home stays data and is refused by the schema, at the home; nothing reaches Object.prototype', () => {
    const { diagnostics } = home('organisation:\n  registration_no: "W1"\n  __proto__:\n    polluted: yes\n', defaults);
    expect(seen(diagnostics)).toEqual(['homes/ty-gwyn.yaml:3:3 INVALID_VALUE "__proto__" cannot be used as a name here']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a field called "constructor" in the group is an ordinary field, not Object’s', () => {
    const odd = defaultsFrom('defaults:\n  organisation:\n    constructor: Glannau Builders\n');
    const { organisation } = home(
      'organisation:\n  name: X\n  registration_no: "W1"\n  registered_manager: { first_name: A, last_name: B }\n',
      odd,
    );
    expect(organisation!.fields.constructor).toBe('Glannau Builders');
    const plain = home(
      'organisation:\n  name: X\n  registration_no: "W1"\n  registered_manager: { first_name: A, last_name: B }\n',
      defaults,
    );
    expect(Object.hasOwn(plain.organisation!.fields, 'constructor')).toBe(false);
  });
});

describe('checking the defaults once, before any home', () => {
  test('policy ids in triggers, review.policies and the policy choice must exist, with a suggestion', () => {
    const defaults = defaultsFrom(
      [
        'defaults:',
        '  review:',
        '    policies:',
        '      visitng: { interval_months: 6 }',
        '    triggers:',
        '      - date: 2026-10-01',
        '        reason: New legislation',
        '        policies: [social-meda]',
        '  policies:',
        '    include: [minibus, fire-safety]',
        '',
      ].join('\n'),
    );
    expect(seen(checkGroupDefaults(defaults, TEMPLATES))).toEqual([
      'policygen.config.yaml:4:7 UNKNOWN_POLICY there is no policy template with id "visitng"',
      'policygen.config.yaml:8:20 UNKNOWN_POLICY there is no policy template with id "social-meda"',
      'policygen.config.yaml:10:24 UNKNOWN_POLICY there is no policy template with id "fire-safety"',
    ]);
    expect(checkGroupDefaults(defaults, TEMPLATES).map((d) => d.hint)).toEqual([
      'did you mean "visiting"?',
      'did you mean "social-media"?',
      'known ids: social-media, minibus, visiting',
    ]);
  });

  test('include and exclude together are refused: which would win is a guess', () => {
    const defaults = defaultsFrom('defaults:\n  policies:\n    include: [minibus]\n    exclude: [visiting]\n');
    expect(seen(checkGroupDefaults(defaults, TEMPLATES))).toEqual([
      'policygen.config.yaml:2:3 INVALID_VALUE policies gives both include and exclude; give one or the other',
    ]);
  });

  test('good defaults have nothing to say, whatever required fields they leave to the homes', () => {
    expect(checkGroupDefaults(defaultsFrom(GROUP), TEMPLATES)).toEqual([]);
    expect(checkGroupDefaults(defaultsFrom('defaults:\n  organisation:\n    group_name: Glannau\n'), TEMPLATES)).toEqual([]);
  });
});

describe('the config schema’s defaults', () => {
  function configErrors(text: string) {
    const { yaml } = parseYamlSource(text, 'policygen.config.yaml');
    return seen(
      validateConfig({ file: 'policygen.config.yaml', absolutePath: '/g/policygen.config.yaml', yaml, data: yaml.document.toJS() })
        .diagnostics,
    );
  }

  test('keep the codes an organisation file’s mistakes have, at the config file’s line and column', () => {
    expect(
      configErrors(
        [
          'out: policies',
          'defaults:',
          '  organisation:',
          '    registration_no: 012345',
          '    __proto__: x',
          '  reviw: {}',
          '  review:',
          '    interval_months: 13',
          '  languages: [fr]',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      'policygen.config.yaml:4:22 TYPE_MISMATCH defaults.organisation.registration_no must be text, not the number 12345',
      'policygen.config.yaml:5:5 INVALID_VALUE "__proto__" cannot be used as a name here',
      'policygen.config.yaml:6:3 UNKNOWN_FIELD unknown field "reviw" in defaults',
      'policygen.config.yaml:8:22 INVALID_VALUE defaults.review.interval_months must be from 1 to 12, not 13',
      'policygen.config.yaml:9:15 INVALID_VALUE defaults.languages[0] must be one of "en", "cy", not the text "fr"',
    ]);
  });

  test('the languages given twice, in the config and in its defaults, is a config error', () => {
    expect(configErrors('languages: [cy]\ndefaults:\n  languages: [en]\n')).toEqual([
      'policygen.config.yaml:1:1 CONFIG_INVALID the config file gives the languages twice: here, and as defaults.languages',
    ]);
  });
});
