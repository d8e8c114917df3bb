#!/usr/bin/env node
// Benchmark: policygen against a "floor" script that does only the essential library work
// (mustache + markdown-it + pdfkit with fonts parsed once) for the same documents.
//
//   npm run bench                       # 500 homes, every format, 1 job and all cores
//   npm run bench -- --homes 200 --memory 2000 --repeat 1 --only pdf --disk
//   npm run bench -- --only none --memory 2000     # just the memory check
//   npm run bench -- --only none --jobs-homes 50,200 --no-start   # just some --jobs rows
//   npm run bench -- --only none --no-start --tables               # PDF with two tables against without
//   npm run bench -- --pack                         # policy manuals: 200 homes, -f pdf with and without --pack
//
// Besides the batch table it times, each in a fresh process as a user starts it: one home
// (md,html,pdf, and pdf alone) against the floor making the same files; `policygen
// --version` and a one-home Markdown build against `node -e 0`; and a PDF batch of 50, 200
// and 2,000 homes with the default --jobs against --jobs 1 and --jobs 2.
// POLICYGEN_PDF_PLAIN=1 turns the PDF speed layer off in policygen's runs (to measure it).
//
// Each configuration runs in a fresh child process, so module loading is counted and peak
// memory (maxRSS) is that configuration's own. Build `dist/` first (npm run build).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, copyFileSync } = require('node:fs');
const { availableParallelism, cpus, tmpdir, totalmem } = require('node:os');
const { join } = require('node:path');

const REPO = join(__dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};

if (args[0] === '--child') {
  runChild(JSON.parse(args[1])).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main();
}

function main() {
  if (args.includes('--pack')) return mainPack();
  const homes = Number(option('homes', '500'));
  const cores = Number(option('jobs', String(availableParallelism())));
  const memoryHomes = option('memory', undefined);
  const only = option('only', undefined);
  // On tmpfs when there is one: creating thousands of folders on a disk file system costs
  // more than the work measured and varies run to run (journal flushes), for both sides.
  const scratch = existsSync('/dev/shm') && !args.includes('--disk') ? '/dev/shm' : tmpdir();
  const work = mkdtempSync(join(scratch, 'policygen-bench-'));
  try {
    console.log(
      `policygen benchmark: ${homes} homes in ${scratch}, ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
    );
    const homesDir = generateHomes(work, homes);
    const formats = only === 'none' ? [] : only ? [only] : ['md', 'html', 'pdf', 'md,html,pdf', 'docx'];
    const rows = [];
    for (const format of formats) {
      const [floor, one, many] = runInTurn([
        { kind: 'floor', homesDir, out: join(work, 'floor'), formats: format },
        { kind: 'policygen', homesDir, out: join(work, 'one'), formats: format, jobs: 1 },
        ...(cores > 1 ? [{ kind: 'policygen', homesDir, out: join(work, 'many'), formats: format, jobs: cores }] : []),
      ]);
      rows.push({ format, floor, one, many });
    }
    if (rows.length > 0) printTable(rows, homes, cores);
    if (!args.includes('--no-start')) printStartup(work, homesDir);
    const jobsHomes = option('jobs-homes', only === 'none' ? '' : '50,200,2000');
    if (jobsHomes) printJobs(work, jobsHomes.split(',').map(Number));
    if (memoryHomes) printMemory(work, Number(memoryHomes), cores);
    if (args.includes('--tables')) printTables(work, homesDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `--pack`: what each home's policy manual costs. The same homes built -f pdf, and -f pdf
 * --pack (every policy PDF and the manual, which lays every policy out again with a cover,
 * contents and read-and-sign sheets), on 1 job and on every core.
 */
function mainPack() {
  const homes = Number(option('homes', '200'));
  const cores = Number(option('jobs', String(availableParallelism())));
  const scratch = existsSync('/dev/shm') && !args.includes('--disk') ? '/dev/shm' : tmpdir();
  const work = mkdtempSync(join(scratch, 'policygen-bench-'));
  try {
    console.log(
      `policygen benchmark, policy manuals: ${homes} homes, ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}\n`,
    );
    const homesDir = generateHomes(work, homes);
    const config = (pack, jobs) => ({ kind: 'policygen', homesDir, out: join(work, `pack-${pack}-${jobs}`), formats: 'pdf', pack, jobs });
    const jobs = cores > 1 ? [1, cores] : [1];
    const results = runInTurn(jobs.flatMap((j) => [config(false, j), config(true, j)]));
    console.log("jobs   -f pdf s   -f pdf --pack s   the manuals' share   manuals/s   peak MiB (pdf / pack)");
    jobs.forEach((j, index) => {
      const [pdf, pack] = [results[2 * index], results[2 * index + 1]];
      console.log(
        `${String(j).padStart(4)}   ${pdf.seconds.toFixed(2).padStart(8)}   ${pack.seconds.toFixed(2).padStart(15)}   ${(((pack.seconds - pdf.seconds) / pack.seconds) * 100).toFixed(0).padStart(17)}%   ${(homes / (pack.seconds - pdf.seconds)).toFixed(0).padStart(9)}   ${Math.round(pdf.maxRssMiB)} / ${Math.round(pack.maxRssMiB)}`,
      );
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Homes with Welsh names, different managers, review dates and a logo each. */
function generateHomes(work, count) {
  const dir = join(work, 'homes');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(REPO, 'examples', 'logos', 'ty-gwyn.png'), join(dir, 'logo.png'));
  const places = [
    'Tŷ Gwyn',
    'Bryn Awel',
    'Plas Newydd',
    'Glan-y-Môr',
    'Llys Ŵyn',
    'Maes-y-Coed',
    'Pen-y-Bryn',
    'Hafod',
    'Tŷ Nant',
    'Cwm Rhŷd',
  ];
  const first = ['Siân', 'Dafydd', 'Gwenllïan', 'Rhys', 'Ffion', 'Emyr', 'Catrin', 'Iolo'];
  const last = ['Llŷr', 'Jones', 'ap Dafydd', 'Prydderch', 'Williams', 'Ŵen'];
  for (let i = 0; i < count; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    writeFileSync(
      join(dir, `home-${String(i).padStart(5, '0')}.yaml`),
      [
        'organisation:',
        `  name: "Cartref Gofal ${places[i % places.length]} ${i}"`,
        `  registration_no: "W${String(1000000 + i)}"`,
        '  logo: ./logo.png',
        '  registered_manager:',
        `    first_name: "${first[i % first.length]}"`,
        `    last_name: "${last[i % last.length]}"`,
        'review:',
        `  last_reviewed: 2026-${month}-01`,
        '',
      ].join('\n'),
    );
  }
  return dir;
}

/**
 * Run each configuration in a fresh process, `repeat` times into a fresh output folder each
 * time, taking turns (a, b, c, a, b, c…) so that a slow spell of the machine falls on all of
 * them alike. For each, return the fastest run (the least disturbed by the machine's other
 * work) and the highest peak memory.
 */
function runInTurn(configs) {
  const repeat = Number(option('repeat', '3'));
  const results = configs.map(() => []);
  for (let i = 0; i < repeat; i++) {
    configs.forEach((config, index) => results[index].push(runOnce(config)));
  }
  return results.map((runs) => {
    const fastest = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    return { ...fastest, maxRssMiB: Math.max(...runs.map((r) => r.maxRssMiB)) };
  });
}

function runOnce(config) {
  rmSync(config.out, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [__filename, '--child', JSON.stringify(config)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`${config.kind} ${config.formats} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

async function runChild(config) {
  const started = process.hrtime.bigint();
  let documents;
  if (config.kind === 'policygen') {
    const { build } = require(join(REPO, 'dist'));
    if (process.env.POLICYGEN_PDF_PLAIN === '1') require(join(REPO, 'dist', 'render', 'pdf')).setPdfSpeedLayer(false);
    const result = await build({
      inputs: [config.homesDir],
      ...(config.templates ? { templates: config.templates } : {}),
      out: config.out,
      formats: config.formats.split(','),
      ...(config.pack ? { pack: true } : {}),
      ...(config.jobs !== undefined ? { jobs: config.jobs } : {}),
      today: '2026-11-25',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics.slice(0, 3)));
    documents = result.organisations.length * (config.formats.split(',').length + (config.pack ? 1 : 0));
  } else {
    documents = await require('./bench-floor.js').runFloor(config);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // CPU time of every thread in the process: V8 collects garbage and compiles on threads of
  // its own, so even one job keeps more than one core partly busy.
  const cpu = process.cpuUsage();
  console.log(
    JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, documents, maxRssMiB: process.resourceUsage().maxRSS / 1024 }),
  );
}

function printTable(rows, homes, cores) {
  const pad = (text, width) => String(text).padStart(width);
  console.log(
    'format        floor s   policygen 1 job s  ratio   policygen ' +
      `${cores} jobs s  ratio   docs/s (${cores} jobs)  peak MiB (1 / ${cores})`,
  );
  for (const { format, floor, one, many } of rows) {
    const ratio = (x) => (x.seconds / floor.seconds).toFixed(2) + 'x';
    console.log(
      [
        format.padEnd(12),
        pad(floor.seconds.toFixed(2), 8),
        pad(one.seconds.toFixed(2), 18),
        pad(ratio(one), 6),
        pad(many ? many.seconds.toFixed(2) : '-', 18),
        pad(many ? ratio(many) : '-', 6),
        pad(Math.round((many ?? one).documents / (many ?? one).seconds), 18),
        pad(`${Math.round(one.maxRssMiB)} / ${many ? Math.round(many.maxRssMiB) : '-'}`, 22),
      ].join('  '),
    );
  }
  console.log('\nratio = policygen time / floor time (below 1.00x is faster than the floor).');
  console.log("cores busy = CPU time / elapsed time, counting V8's own garbage-collection and compiler threads:");
  for (const { format, floor, one, many } of rows) {
    const busy = (x) => (x.cpuSeconds / x.seconds).toFixed(2);
    console.log(`  ${format.padEnd(12)} floor ${busy(floor)}, policygen 1 job ${busy(one)}${many ? `, ${cores} jobs ${busy(many)}` : ''}`);
  }
}

/**
 * What a user waits for at the command line, each command in a fresh process, taking turns
 * (median of 7): one home in every format and in PDF alone against the floor making the same
 * files; `policygen --version` and a one-home Markdown build against `node -e 0`.
 */
function printStartup(work, homesDir) {
  const one = join(work, 'one-home');
  mkdirSync(one, { recursive: true });
  // Home 1 (Bryn Awel, Dafydd Jones): words of its own, as a real home has, which the
  // build did not prepare (home 0 is the Tŷ Gwyn of the examples).
  copyFileSync(join(homesDir, 'home-00001.yaml'), join(one, 'home-00001.yaml'));
  copyFileSync(join(homesDir, 'logo.png'), join(one, 'logo.png'));
  const home = join(one, 'home-00001.yaml');
  const cli = (...argv) => [join(REPO, 'bin', 'policygen.js'), ...argv];
  const floor = (formats) => [
    __filename,
    '--child',
    JSON.stringify({ kind: 'floor', homesDir: one, out: join(work, 'floor-one'), formats }),
  ];
  const commands = {
    node: ['-e', '0'],
    version: cli('--version'),
    md: cli('build', home, '-o', join(work, 'start-md'), '-q', '--today', '2026-11-25'),
    all: cli('build', home, '-o', join(work, 'start-all'), '-f', 'md,html,pdf', '-q', '--today', '2026-11-25'),
    pdf: cli('build', home, '-o', join(work, 'start-pdf'), '-f', 'pdf', '-q', '--today', '2026-11-25'),
    floorAll: floor('md,html,pdf'),
    floorPdf: floor('pdf'),
  };
  const runs = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < 7; i++) {
    for (const [name, argv] of Object.entries(commands)) {
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, argv, { stdio: 'ignore' });
      if (result.status !== 0) throw new Error(`${name} failed`);
      runs[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  const ms = Object.fromEntries(Object.entries(runs).map(([name, times]) => [name, times.sort((a, b) => a - b)[3]]));
  const row = (label, mine, base, baseLabel) =>
    console.log(
      `  ${label.padEnd(44)} ${String(Math.round(mine)).padStart(6)} ms   ${baseLabel.padEnd(32)} ${String(Math.round(base)).padStart(6)} ms   ${(mine / base).toFixed(2)}x`,
    );
  console.log('\nfresh processes, median of 7 (taking turns):');
  row('one home, md,html,pdf', ms.all, ms.floorAll, 'floor, md,html,pdf');
  row('one home, md,html,pdf', ms.all, ms.floorPdf, 'floor, pdf alone (plain pdfkit)');
  row('one home, pdf', ms.pdf, ms.floorPdf, 'floor, pdf');
  row('policygen --version', ms.version, ms.node, 'node -e 0');
  row('one home, Markdown', ms.md, ms.node, 'node -e 0');
}

/**
 * A PDF batch with the default --jobs against --jobs 1 and --jobs 2 (taking turns, fastest
 * of `--repeat`): the default must never be more than 10% slower than the better of the two.
 */
function printJobs(work, sizes) {
  console.log('\nPDF batches, --jobs (fastest of each):');
  console.log('  homes   default s  (jobs)   --jobs 1 s   --jobs 2 s   default / best');
  for (const homes of sizes) {
    const homesDir = generateHomes(join(work, `jobs-${homes}`), homes);
    const config = (jobs) => ({
      kind: 'policygen',
      homesDir,
      out: join(work, `jobs-out-${homes}-${jobs ?? 'default'}`),
      formats: 'pdf',
      jobs,
    });
    const [automatic, one, two] = runInTurn([config(undefined), config(1), config(2)]);
    const { defaultJobs } = require(join(REPO, 'dist', 'api.js'));
    const chosen = defaultJobs(['pdf'], 'write', homes);
    const best = Math.min(one.seconds, two.seconds);
    console.log(
      `  ${String(homes).padStart(5)}   ${automatic.seconds.toFixed(2).padStart(9)}  (${chosen})   ${one.seconds.toFixed(2).padStart(10)}   ${two.seconds
        .toFixed(2)
        .padStart(10)}   ${(automatic.seconds / best).toFixed(2)}x`,
    );
    rmSync(join(work, `jobs-${homes}`), { recursive: true, force: true });
  }
}

/** Peak memory for a small and a large batch of every format: it should stay flat. */
function printMemory(work, large, cores) {
  const small = Math.max(1, Math.round(large / 10));
  const configuration = (count) => ({
    kind: 'policygen',
    homesDir: generateHomes(join(work, `memory-${count}`), count),
    out: join(work, `memory-out-${count}`),
    formats: 'md,html,pdf',
    jobs: cores,
  });
  const [a, b] = runInTurn([configuration(small), configuration(large)]);
  console.log(
    `\npeak memory, md+html+pdf, ${cores} jobs: ${small} homes ${Math.round(a.maxRssMiB)} MiB (${a.seconds.toFixed(1)} s); ` +
      `${large} homes ${Math.round(b.maxRssMiB)} MiB (${b.seconds.toFixed(1)} s); ratio ${(b.maxRssMiB / a.maxRssMiB).toFixed(2)}x`,
  );
}

/**
 * The cost of tables in a PDF: the built-in policy against the same policy with two of its
 * lists (the first two of four or more items) written as two-column tables of the same
 * words, from a template library that replaces it. Per document, one job, fastest of
 * `--repeat`, taking turns.
 */
function printTables(work, homesDir) {
  const folder = join(work, 'tables-templates');
  mkdirSync(folder, { recursive: true });
  const lines = readFileSync(join(REPO, 'templates', 'social-media.md'), 'utf8').split('\n');
  const written = [];
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    let end = i;
    while (lines[end]?.startsWith('- ')) end++;
    if (tables < 2 && end - i >= 4 && !lines[i - 1]?.startsWith('- ')) {
      written.push('| # | Point |', '| ---: | --- |', ...lines.slice(i, end).map((line, n) => `| ${n + 1} | ${line.slice(2)} |`));
      tables++;
      i = end - 1;
    } else written.push(lines[i]);
  }
  writeFileSync(join(folder, 'social-media.md'), written.join('\n'));
  const config = (templates) => ({
    kind: 'policygen',
    homesDir,
    out: join(work, `tables-out-${templates ? 'tables' : 'plain'}`),
    formats: 'pdf',
    jobs: 1,
    ...(templates ? { templates } : {}),
  });
  const [plain, withTables] = runInTurn([config(undefined), config([folder])]);
  const perDocument = (run) => (run.seconds / run.documents) * 1000;
  console.log(`\nPDF with two tables (${tables} lists written as tables), one job, fastest of each:`);
  console.log(`  built-in policy        ${perDocument(plain).toFixed(2).padStart(7)} ms a document (${plain.seconds.toFixed(2)} s)`);
  console.log(
    `  with two tables        ${perDocument(withTables).toFixed(2).padStart(7)} ms a document (${withTables.seconds.toFixed(2)} s)`,
  );
  console.log(`  ratio                  ${(withTables.seconds / plain.seconds).toFixed(2)}x`);
}
