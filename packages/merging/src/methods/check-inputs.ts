/** Argument checks shared by the merge methods: every tensor the same length, one option per model. */

/**
 * Throws a RangeError naming `method` when the tensors differ in length or `perModel` lists do not
 * have one entry per model.
 */
export function checkInputs(method: string, tensors: readonly Float32Array[], perModel: Record<string, readonly unknown[] | undefined> = {}, count = tensors.length): void {
  if (tensors.length === 0) throw new RangeError(`${method}: no tensors to merge`);
  const n = tensors[0].length;
  tensors.forEach((t, i) => {
    if (!(t instanceof Float32Array)) throw new TypeError(`${method}: tensor ${i} is not a Float32Array`);
    if (t.length !== n) throw new RangeError(`${method}: tensor ${i} has ${t.length} values, tensor 0 has ${n}`);
  });
  for (const [name, list] of Object.entries(perModel)) {
    if (list !== undefined && list.length !== count) throw new RangeError(`${method}: ${name} has ${list.length} entries for ${count} model(s)`);
  }
}
