// natural ships no typings for its deep module paths, and the package root must
// never be imported (it loads mongoose, pg and dotenv), so declare the two
// pieces triage uses.
declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export class WordTokenizer {
    tokenize(text: string): string[];
  }
}
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  class BayesClassifier {
    constructor();
    addDocument(tokens: string[], label: string): void;
    train(): void;
    classify(tokens: string[]): string;
    getClassifications(tokens: string[]): { label: string; value: number }[];
  }
  export default BayesClassifier;
}
