// Reads what the learned guard layer trains on: the labelled drafts shipped in
// lexicons/guard/training (every *.txt there: agent-drafts.txt, blind sets 1–3,
// the development sets, new drafts per family; set 4 stays in test/guard/fixtures,
// out of training, so it keeps measuring unseen wording)
// plus the lexicons' own self-tests, suggestions and approved phrases.
// `train:guard` and the staleness test share it; lint never does.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { LEARNED_TRAINER_VERSION, parseDraftFile, type LabelledDraft } from '../guard/index.js';
import { defaultGuardLexiconDir, packageRoot, readLexiconDir } from './read-dir.js';

/** The labelled drafts the learned layer trains on, in the guard folder's training/ subfolder. */
export const LEARNED_TRAINING_FOLDER = 'training';
/** The draft files of a training folder: every `*.txt`, in name order (so the hash and the folds do not depend on the file system). */
export function learnedDraftFiles(training: string): string[] {
  return readdirSync(training).filter((n) => n.endsWith('.txt')).sort();
}

export interface LearnedSources {
  drafts: LabelledDraft[];
  extras: { text: string; label: string }[];
  /**
   * sha256 over the trainer version, the draft files and the lexicon YAML files, each under its
   * name inside the guard folder, so a copied folder (HEARKEN_LEXICONS) hashes like the original.
   */
  sourceHash: string;
  trainedOn: string[];
}

interface RuleYaml { id: string; suggest?: { en?: string[]; zh?: string[] }; tests?: { flag?: string[]; pass?: string[] } }

/** The training/ folder of a guard folder; a guard folder without one trains on the shipped drafts. */
export function trainingFolderOf(guardDir: string): string {
  const own = join(guardDir, LEARNED_TRAINING_FOLDER);
  return existsSync(own) ? own : join(defaultGuardLexiconDir(), LEARNED_TRAINING_FOLDER);
}

/** What the learned layer of `guardDir` trains on: its lexicons' examples and the training drafts. */
export function readLearnedSources(guardDir: string = defaultGuardLexiconDir()): LearnedSources {
  const hash = createHash('sha256').update(`trainer:${LEARNED_TRAINER_VERSION}\n`);
  const drafts: LabelledDraft[] = [];
  const training = trainingFolderOf(guardDir);
  const draftFiles = learnedDraftFiles(training);
  for (const name of draftFiles) {
    const shown = `${LEARNED_TRAINING_FOLDER}/${name}`;
    const text = readFileSync(join(training, name), 'utf8');
    hash.update(`${shown}\n`).update(text);
    drafts.push(...parseDraftFile(shown, text));
  }
  const extras: { text: string; label: string }[] = [];
  const lexiconFiles = readLexiconDir(guardDir).filter((f) => /\.ya?ml$/i.test(f.path));
  for (const file of lexiconFiles) {
    hash.update(`${basename(file.path)}\n`).update(file.text);
    const data = parse(file.text) as { rules?: RuleYaml[]; acknowledgements?: Record<string, string[]>; civil?: Record<string, string[]> } | null;
    for (const rule of data?.rules ?? []) {
      for (const t of rule.tests?.flag ?? []) extras.push({ text: t, label: rule.id });
      for (const t of [...(rule.tests?.pass ?? []), ...(rule.suggest?.en ?? []), ...(rule.suggest?.zh ?? [])]) extras.push({ text: t, label: 'pass' });
    }
    for (const list of [data?.acknowledgements, data?.civil]) {
      for (const t of Object.values(list ?? {}).flat()) extras.push({ text: t, label: 'pass' });
    }
  }
  return {
    drafts, extras, sourceHash: hash.digest('hex'),
    trainedOn: [...draftFiles.map((n) => `${LEARNED_TRAINING_FOLDER}/${n}`), '*.yaml (self-tests, suggestions, approved phrases)'],
  };
}

/**
 * The bot's own wording (every string in dialogs/wording/*.yaml but button `synonyms`, which are what
 * customers type, as the go-live gate reads it): polite text the learned layer must leave alone.
 */
export function readBotWordingTexts(root: string = packageRoot()): string[] {
  const dir = join(root, 'dialogs', 'wording');
  if (!existsSync(dir)) return [];
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) if (key !== 'synonyms') collect(inner);
    }
  };
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort()) collect(parse(readFileSync(join(dir, name), 'utf8')));
  return texts;
}
