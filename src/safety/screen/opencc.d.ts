/** opencc-js ships its dictionaries as ES modules of one string each, without type declarations. */
declare module "opencc-js/dict/TSCharacters" {
  /** "traditional simplified|traditional simplified|…", one pair per character. */
  const pairs: string;
  export default pairs;
}
