// Finds the model classes a "▶ Run BPTT trace" CodeLens goes above: JS/TS classes extending
// nn.Module (or Module), Python classes deriving from nn.Module. A line scan, no parser: a lens
// only offers to run the file, so a miss or an extra costs nothing.
const JS_CLASS = /^[ \t]*(?:export[ \t]+)?(?:default[ \t]+)?(?:abstract[ \t]+)?class[ \t]+([A-Za-z_$][\w$]*)(?:[ \t]*<[^>\n]*>)?[ \t]+extends[ \t]+(?:[A-Za-z_$][\w$]*\.)*(?:nn\.)?Module\b/;
const PY_CLASS = /^[ \t]*class[ \t]+([A-Za-z_]\w*)[ \t]*\([^)]*\b(?:torch\.)?nn\.Module\b[^)]*\)[ \t]*:/;

/** A model class: its name and 0-based line and column of the name. */
export interface ModelClass {
  name: string;
  line: number;
  column: number;
}

/** The model classes of a document's text. `languageId` is VS Code's (`typescript`, `javascript`, `python`, …). */
export function findModelClasses(text: string, languageId: string): ModelClass[] {
  const re = languageId === 'python' ? PY_CLASS : JS_CLASS;
  const out: ModelClass[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.includes('class')) continue;
    const m = re.exec(line);
    if (m) out.push({ name: m[1], line: i, column: line.indexOf(m[1], line.indexOf('class')) });
  }
  return out;
}
