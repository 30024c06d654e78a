// The countable facts #17 asks for, reproducible: the largest source files and every function
// longer than 50 lines (TypeScript compiler API: function declarations, methods, constructors,
// accessors, arrow functions and function expressions; a nested function counts on its own, and
// its lines count in its parent's length too). Lines run from the function's first token to its
// last, comments and blank lines inside included.
//   node scripts/code-facts.mjs [checkout=.] [--dir src] [--over 50] [--json]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args.splice(i, 2)[1];
};
const asJson = args.includes('--json') && args.splice(args.indexOf('--json'), 1);
const dir = flag('--dir', 'src');
const over = Number(flag('--over', 50));
const root = resolve(args[0] ?? '.');

function* tsFiles(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) yield p;
  }
}

function nameOf(node, sf) {
  if (node.name) return node.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  // An arrow or function expression takes the name it is bound to, if any.
  const p = node.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.name) return p.name.getText(sf);
  return '(anonymous)';
}

const files = [];
const long = [];
for (const file of tsFiles(join(root, dir))) {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const rel = relative(root, file);
  files.push({ file: rel, lines: sf.getLineStarts().length - (text.endsWith('\n') ? 1 : 0) });
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > over) long.push({ file: rel, line: start + 1, name: nameOf(node, sf), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
files.sort((a, b) => b.lines - a.lines);
long.sort((a, b) => b.lines - a.lines);
const facts = {
  root,
  dir,
  files: files.length,
  lines: files.reduce((s, f) => s + f.lines, 0),
  largest_files: files.slice(0, 5),
  [`functions_over_${over}_lines`]: long.length,
  functions: long,
};
if (asJson) console.log(JSON.stringify(facts, null, 2));
else {
  console.log(`${root}/${dir}: ${facts.files} files, ${facts.lines} lines`);
  console.log('largest files:', facts.largest_files.map((f) => `${f.file} (${f.lines})`).join(', '));
  console.log(`functions over ${over} lines: ${long.length}`);
  for (const f of long) console.log(`  ${f.lines.toString().padStart(4)}  ${f.file}:${f.line}  ${f.name}`);
}
