/** Vite (tests, docs) turns `?url` imports into the served URL of the file. */
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
