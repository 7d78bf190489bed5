// Triage speed: model load, median µs per message per language, and natural's
// BayesClassifier on raw tokens as the baseline in the same run. Target: ≤ 0.2 ms median.
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import { expandContractions } from '../src/triage/english.js';
import { rawTokens } from '../src/triage/evaluate.js';
import { createTriage } from '../src/triage/index.js';
import { defaultTriageDir, loadTriage, readTriageModel, readTriageSources } from '../src/lexicon-files/triage-files.js';
import { median, percentile, row, sampleMicros } from './measure.js';

export const title = 'triage: per-message latency and model load (target ≤ 200 µs median)';

export async function run(): Promise<void> {
  const dir = defaultTriageDir();
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    createTriage(readTriageModel(dir));
    loads.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  loads.sort((a, b) => a - b);
  row('model load (read model.json + compile), median of 5', median(loads), 'ms');

  const triage = loadTriage(dir);
  const { examples } = readTriageSources(dir);
  const bayes = new BayesClassifier();
  for (const e of examples) bayes.addDocument(rawTokens(e.text), e.intent);
  bayes.train();

  for (const lang of ['en', 'zh-Hans', 'zh-Hant'] as const) {
    const texts = examples.filter((e) => e.lang === lang).map((e) => e.text);
    let i = 0;
    const ours = sampleMicros(() => triage(texts[i++ % texts.length]!), texts.length * 5, texts.length);
    let j = 0;
    const baseline = sampleMicros(() => bayes.classify(rawTokens(texts[j++ % texts.length]!)), texts.length * 5, texts.length);
    row(`${lang}: triage, full result (${texts.length} messages × 5)`, median(ours), 'µs', `p90 ${percentile(ours, 90).toFixed(0)} µs, max ${ours[ours.length - 1]!.toFixed(0)} µs`);
    row(`${lang}: natural BayesClassifier on raw tokens, intent only`, median(baseline), 'µs', `p90 ${percentile(baseline, 90).toFixed(0)} µs`);
    row(`${lang}: ratio triage / baseline (median)`, median(ours) / median(baseline), '×');
  }
  // The choices behind the pipeline, measured in the same run.
  const english = examples.filter((e) => e.lang === 'en').map((e) => e.text);
  const chinese = examples.filter((e) => e.lang !== 'en').map((e) => e.text);
  let k = 0;
  const table = sampleMicros(() => expandContractions(english[k++ % english.length]!), english.length * 3, 50);
  const compromiseStart = process.hrtime.bigint();
  const nlp = (await import('compromise')).default;
  row('compromise: module load', Number(process.hrtime.bigint() - compromiseStart) / 1e6, 'ms');
  let c = 0;
  const viaCompromise = sampleMicros(() => nlp(english[c++ % english.length]!).contractions().expand().text(), english.length * 3, 50);
  row('en: contractions by table (expandContractions)', median(table), 'µs');
  row('en: contractions by compromise contractions().expand()', median(viaCompromise), 'µs', `${(median(viaCompromise) / median(table)).toFixed(0)}× the table`);
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  let z = 0;
  const segments = sampleMicros(() => [...segmenter.segment(chinese[z++ % chinese.length]!)].length, chinese.length * 3, 50);
  row('zh: Intl.Segmenter words per message (not used: no CV gain)', median(segments), 'µs');

  const long = 'My order has not arrived and nobody answers. '.repeat(90);
  const longSamples = sampleMicros(() => triage(long), 50, 5);
  row(`one ${long.length}-char message (capped at 4000)`, median(longSamples), 'µs');
}
