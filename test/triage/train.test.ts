import { describe, expect, it } from 'vitest';
import { balancedClassWeights, fitTemperature, logits, softmax, trainSoftmax, type SparseRow } from '../../src/triage/classifier.js';
import { escalationReport, headReport } from '../../src/triage/evaluate.js';
import { stratifiedFolds } from '../../src/triage/train.js';

const row = (...indices: number[]): SparseRow => ({ indices: Int32Array.from(indices), scale: 1 / Math.sqrt(indices.length) });

describe('sparse softmax regression', () => {
  it('learns which feature signals which class', () => {
    const rows = [row(0, 2), row(0, 3), row(1, 2), row(1, 3), row(0), row(1)];
    const labels = [0, 0, 1, 1, 0, 1];
    const model = trainSoftmax(rows, labels, 2, 4, { l2: 0.001, iterations: 200, learningRate: 0.1 });
    expect(softmax(logits(model, row(0, 2)))[0]).toBeGreaterThan(0.8);
    expect(softmax(logits(model, row(1, 3)))[1]).toBeGreaterThan(0.8);
    // Feature 2 and 3 carry no signal, so alone they stay near even.
    expect(Math.abs(softmax(logits(model, row(2)))[0]! - 0.5)).toBeLessThan(0.2);
  });

  it('balanced class weights make a rare class count', () => {
    expect(balancedClassWeights([0, 0, 0, 1], 2)).toEqual([4 / 6, 2]);
  });

  it('temperature scaling fits over-confident logits with T > 1 and timid ones with T < 1', () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const confidentWrong = labels.map(() => [5, -5]);
    expect(fitTemperature(confidentWrong, labels)).toBeGreaterThan(1);
    const timidRight = labels.map((l) => (l === 0 ? [0.2, -0.2] : [-0.2, 0.2]));
    expect(fitTemperature(timidRight, labels)).toBeLessThan(1);
  });
});

describe('stratified folds', () => {
  it('spreads each stratum evenly and is deterministic', () => {
    const keys = [...Array(10).fill('a'), ...Array(5).fill('b')];
    const folds = stratifiedFolds(keys, 5, 7);
    expect(stratifiedFolds(keys, 5, 7)).toEqual(folds);
    for (let f = 0; f < 5; f++) {
      expect(keys.filter((k, i) => k === 'a' && folds[i] === f).length).toBe(2);
      expect(keys.filter((k, i) => k === 'b' && folds[i] === f).length).toBe(1);
    }
  });
});

describe('metrics', () => {
  it('computes precision, recall, F1 and the confusion matrix', () => {
    const r = headReport(['x', 'y'], ['x', 'x', 'y', 'y'], ['x', 'y', 'y', 'y'], [0.9, 0.6, 0.8, 0.7]);
    expect(r.confusion).toEqual([[1, 1], [0, 2]]);
    expect(r.perLabel[0]).toMatchObject({ precision: 1, recall: 0.5 });
    expect(r.perLabel[1]!.precision).toBeCloseTo(2 / 3);
    expect(r.accuracy).toBe(0.75);
    expect(r.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2);
    expect(r.ece).toBeGreaterThan(0);
  });

  it('scores escalation per reason', () => {
    const rows = escalationReport([['legal'], [], ['media']], [['legal'], ['legal'], []]);
    expect(rows.find((r) => r.reason === 'legal')).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(rows.find((r) => r.reason === 'media')).toMatchObject({ tp: 0, fp: 0, fn: 1, recall: 0 });
  });
});
