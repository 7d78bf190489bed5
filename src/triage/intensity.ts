// Emotion intensity from cue strength and modifiers (太/极其/简直, "third time",
// CAPS, ！！, sarcasm, a threat to go public or to court). The classifier picks the
// emotion; this says how strong.
import type { EmotionLabel } from '../contracts/triage.js';
import type { Analysis } from './analyze.js';

export function emotionIntensity(analysis: Analysis, label: EmotionLabel, probability: number, repeat: boolean, threat = false): number {
  let cue = 0;
  let intensifiers = 0;
  let sarcasm = 0;
  for (const hit of analysis.cues) {
    if (hit.negated) continue;
    if (hit.group === 'emotion') cue += hit.label === label ? hit.strength : hit.label === 'neutral' ? 0 : hit.strength * 0.4;
    else if (hit.group === 'intensifier') intensifiers += hit.strength;
    else if (hit.group === 'sarcasm') sarcasm = 1;
  }
  const score = cue * (1 + 0.6 * Math.min(2, intensifiers))
    + 0.35 * Math.min(2, intensifiers)
    + 0.25 * Math.min(4, analysis.exclamations)
    + 0.35 * Math.min(3, analysis.capsWords)
    + 0.6 * sarcasm
    + (repeat ? 0.5 : 0)
    + (threat ? 0.5 : 0);
  const strength = 1 - Math.exp(-score);
  if (label === 'neutral') return round(0.15 * strength);
  // The classifier's certainty that the customer is upset sets a floor.
  return round(Math.min(1, 0.2 + 0.25 * probability + 0.55 * strength));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
