// opencc-js ships its dictionaries as ESM modules without type declarations;
// each one default-exports the dictionary as "from to|from to" text.
declare module 'opencc-js/dict/*' {
  const data: string;
  export default data;
}
